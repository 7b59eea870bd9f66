package io.arbor.client;

/**
 * What a watcher is told: what happened, the client's state, the node's path (chroot removed; null for state
 * changes) and the zxid of the change that fired it (-1 when there is none: state changes, removed watches).
 */
public record WatchEvent(Type type, State state, String path, long zxid) {
    /** An event with no zxid (state changes, watches removed or dropped by the client). */
    public WatchEvent(Type type, State state, String path) {
        this(type, state, path, -1);
    }

    public enum Type {
        NONE(-1), NODE_CREATED(1), NODE_DELETED(2), NODE_DATA_CHANGED(3), NODE_CHILDREN_CHANGED(4),
        DATA_WATCH_REMOVED(5), CHILD_WATCH_REMOVED(6), PERSISTENT_WATCH_REMOVED(7);

        public final int code;

        Type(int code) {
            this.code = code;
        }

        public static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown event type " + code);
        }
    }

    /** Keeper states, as ZooKeeper defines them. */
    public enum State {
        DISCONNECTED(0), SYNC_CONNECTED(3), AUTH_FAILED(4), CONNECTED_READ_ONLY(5), SASL_AUTHENTICATED(6),
        CLOSED(7), EXPIRED(-112);

        public final int code;

        State(int code) {
            this.code = code;
        }

        public static State of(int code) {
            for (State s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown keeper state " + code);
        }
    }
}
