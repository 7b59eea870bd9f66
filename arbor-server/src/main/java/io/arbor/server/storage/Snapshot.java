package io.arbor.server.storage;

import io.arbor.server.tree.NodeImage;
import java.util.List;

/**
 * A snapshot read back and verified: the zxid at which it started (every txn after it must be replayed on
 * top), the sessions and the nodes, parents first.
 */
public record Snapshot(long zxid, List<SnapshotSession> sessions, List<NodeImage> nodes) {
}
