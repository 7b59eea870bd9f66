package io.arbor.server.replication;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How a member's state (tree and sessions) goes into a Raft snapshot file and comes back out of one. The Raft
 * log before a snapshot can then be dropped, a restart loads the newest snapshot and replays only the log after
 * it, and a member too far behind is sent the leader's snapshot.
 */
public interface StateSnapshots {
    /**
     * Writes the state to {@code file}, once everything handed to APPLY so far is applied: what the snapshot's Raft
     * index covers, and perhaps some txns after it (they are skipped when the log after the index is replayed).
     */
    void write(Path file) throws IOException;

    /** Replaces this member's state with the snapshot in {@code file} (at start, or one installed from the leader). */
    void load(Path file) throws IOException;
}
