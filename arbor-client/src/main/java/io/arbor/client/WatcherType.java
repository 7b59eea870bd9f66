package io.arbor.client;

/**
 * Which watches {@link ArborClient#removeWatches} and {@link ArborClient#removeAllWatches} take away, as
 * ZooKeeper 3.9 names them, with their wire codes (the {@code type} of checkWatches and removeWatches).
 */
public enum WatcherType {
    /** Child watches (getChildren). */
    CHILDREN(1),
    /** Data and exist watches (getData, exists). */
    DATA(2),
    /** Every kind, persistent ones included. */
    ANY(3),
    /** Persistent watches (addWatch PERSISTENT). */
    PERSISTENT(4),
    /** Persistent recursive watches (addWatch PERSISTENT_RECURSIVE). */
    PERSISTENT_RECURSIVE(5);

    final int code;

    WatcherType(int code) {
        this.code = code;
    }
}
