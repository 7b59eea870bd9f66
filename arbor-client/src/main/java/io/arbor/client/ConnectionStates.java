package io.arbor.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns keeper states into {@link ConnectionState}s and tells the listeners. Runs on the event thread only, so
 * listeners hear the states in the order the connection produced them and after the events before them.
 */
final class ConnectionStates {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectionStates.class);
    private final List<ConnectionStateListener> listeners = new CopyOnWriteArrayList<>();
    private ArborClient client;
    private ConnectionState last;
    /** Whether CONNECTED was told: it is, once, for the first read-write connection. */
    private boolean connectedTold;
    /** Which disconnection the current SUSPENDED belongs to, so a stale "suspended too long" check is ignored. */
    private long suspension = -1;

    void client(ArborClient client) {
        this.client = client;
    }

    void add(ConnectionStateListener listener) {
        listeners.add(listener);
    }

    void remove(ConnectionStateListener listener) {
        listeners.remove(listener);
    }

    /** The last state told, or null before the first connection. */
    ConnectionState last() {
        return last;
    }

    void keeperState(WatchEvent.State keeperState, long disconnection) {
        switch (keeperState) {
            case SYNC_CONNECTED -> {
                if (!connectedTold) {
                    // as Curator: the first read-write connection is CONNECTED, even after READ_ONLY ones
                    connectedTold = true;
                    tell(ConnectionState.CONNECTED);
                } else if (!last.isConnected() || last == ConnectionState.READ_ONLY) {
                    tell(ConnectionState.RECONNECTED);
                }
            }
            case CONNECTED_READ_ONLY -> tell(ConnectionState.READ_ONLY);
            case DISCONNECTED -> {
                if (last != null && last.isConnected()) {
                    suspension = disconnection;
                    tell(ConnectionState.SUSPENDED);
                }
            }
            case EXPIRED -> {
                if (last != ConnectionState.LOST) {
                    tell(ConnectionState.LOST);
                }
            }
            default -> { } // AuthFailed, Closed: no connection state of their own
        }
    }

    /** A session timeout after disconnection {@code n}: still suspended means the session must be taken as lost. */
    void suspendedTooLong(long disconnection) {
        if (last == ConnectionState.SUSPENDED && suspension == disconnection) {
            tell(ConnectionState.LOST);
        }
    }

    void restored(Restored restored) {
        for (ConnectionStateListener l : listeners) {
            try {
                l.restored(client, restored);
            } catch (RuntimeException e) {
                LOG.warn("a connection-state listener threw", e);
            }
        }
    }

    private void tell(ConnectionState state) {
        last = state;
        for (ConnectionStateListener l : listeners) {
            try {
                l.stateChanged(client, state);
            } catch (RuntimeException e) {
                LOG.warn("a connection-state listener threw", e); // the others still hear it
            }
        }
    }
}
