package io.arbor.client;

/** Told of the client's {@link ConnectionState} changes, in order, on the client's event thread. */
@FunctionalInterface
public interface ConnectionStateListener {
    void stateChanged(ArborClient client, ConnectionState newState);

    /**
     * After a new session replaced an expired one: what the client put back on its own (ephemerals created with
     * recreateOnExpiry, persistent watches). Comes after the RECONNECTED it belongs to.
     */
    default void restored(ArborClient client, Restored restored) { }
}
