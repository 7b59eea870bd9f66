package io.arbor.server.tree;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by path. A reader holds one stripe while it reads a node and registers a watch on it;
 * APPLY holds the stripes of every path a txn touches while it changes them and queues the watch events.
 * Only APPLY's single thread ever holds more than one stripe, always in ascending order, so there is no
 * deadlock, and there is no global lock on the read path.
 */
public final class NodeLocks {
    private static final int STRIPES = 1024;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public NodeLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public int stripe(String path) {
        int h = path.hashCode();
        h ^= (h >>> 16);
        return h & (STRIPES - 1);
    }

    public ReentrantLock lockFor(String path) {
        return locks[stripe(path)];
    }

    public ReentrantLock lock(int stripe) {
        return locks[stripe];
    }
}
