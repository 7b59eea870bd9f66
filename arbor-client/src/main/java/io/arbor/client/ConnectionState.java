package io.arbor.client;

/**
 * The client's connection as an application acts on it (Curator's states), derived from the keeper states.
 */
public enum ConnectionState {
    /** The first read-write connection is up (after READ_ONLY ones, if the first servers served reads only). Sent once. */
    CONNECTED,
    /** The connection dropped; the session may still be alive. Hold off on work that needs it (leadership, locks). */
    SUSPENDED,
    /** Connected again: the same session re-attached, or, after LOST, a new session on the rebuilt handle. */
    RECONNECTED,
    /**
     * The session is gone (the server said Expired), or the client has been suspended longer than the session
     * timeout, so it must assume so. Its ephemerals and watches are to be taken as lost.
     */
    LOST,
    /** Connected to a server that only serves reads. */
    READ_ONLY;

    /** Whether the client has a usable connection in this state. */
    public boolean isConnected() {
        return this == CONNECTED || this == RECONNECTED || this == READ_ONLY;
    }
}
