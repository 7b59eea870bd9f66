package io.arbor.client;

import java.util.List;
import java.util.Map;

/**
 * What was put back in a new session after the old one expired: the ephemerals recreated (same path, data and
 * ACL), the persistent and recursive watches re-added, and the ephemerals that could not be recreated with why.
 */
public record Restored(List<String> ephemerals, List<String> watches, Map<String, ArborException> failed) {
    public Restored {
        ephemerals = List.copyOf(ephemerals);
        watches = List.copyOf(watches);
        failed = Map.copyOf(failed);
    }
}
