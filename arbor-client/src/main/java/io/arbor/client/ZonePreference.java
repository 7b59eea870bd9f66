package io.arbor.client;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Servers of the client's own zone first: a connection within a zone (rack, availability zone) is cheaper and
 * survives a cut between zones. {@code zoneOf} names a host's zone (null when unknown, which counts as foreign).
 */
public record ZonePreference(String zone, Function<InetSocketAddress, String> zoneOf) {
    public ZonePreference {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(zoneOf, "zoneOf");
    }

    public boolean isLocal(InetSocketAddress host) {
        return zone.equals(zoneOf.apply(host));
    }

    /** Moves the local hosts to the front; stable, so the shuffled order is kept within each part. */
    void sortLocalFirst(List<InetSocketAddress> hosts) {
        hosts.sort(Comparator.comparing(h -> isLocal(h) ? 0 : 1));
    }
}
