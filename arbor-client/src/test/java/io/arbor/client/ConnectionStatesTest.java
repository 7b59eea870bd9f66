package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keeper-state to connection-state rules, fed by hand (ArborClientReadOnlyTest meets a real read-only server). */
class ConnectionStatesTest {
    private final ConnectionStates states = new ConnectionStates();
    private final List<ConnectionState> heard = new ArrayList<>();

    ConnectionStatesTest() {
        states.add((client, s) -> heard.add(s));
    }

    @Test
    void firstConnectionIsConnectedThenSuspendedAndReconnected() {
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 0);
        states.keeperState(WatchEvent.State.DISCONNECTED, 1);
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 1);
        // a check of the suspension that already ended changes nothing
        states.suspendedTooLong(1);
        assertThat(heard).containsExactly(ConnectionState.CONNECTED, ConnectionState.SUSPENDED,
                ConnectionState.RECONNECTED);
    }

    @Test
    void suspendedForASessionTimeoutIsLostOnceEvenWhenExpiredFollows() {
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 0);
        states.keeperState(WatchEvent.State.DISCONNECTED, 1);
        states.suspendedTooLong(1);
        states.keeperState(WatchEvent.State.EXPIRED, 1);
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 1);
        assertThat(heard).containsExactly(ConnectionState.CONNECTED, ConnectionState.SUSPENDED, ConnectionState.LOST,
                ConnectionState.RECONNECTED);
    }

    @Test
    void onlyTheCurrentSuspensionCanTimeOut() {
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 0);
        states.keeperState(WatchEvent.State.DISCONNECTED, 1);
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 1);
        states.keeperState(WatchEvent.State.DISCONNECTED, 2);
        states.suspendedTooLong(1); // the first suspension's timer: stale
        assertThat(heard).endsWith(ConnectionState.SUSPENDED);
        states.suspendedTooLong(2);
        assertThat(heard).endsWith(ConnectionState.SUSPENDED, ConnectionState.LOST);
    }

    @Test
    void readOnlyAndBackToReadWriteIsReconnected() {
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 0);
        states.keeperState(WatchEvent.State.DISCONNECTED, 1);
        states.keeperState(WatchEvent.State.CONNECTED_READ_ONLY, 1);
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 1);
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 1); // no change, nothing told
        states.keeperState(WatchEvent.State.CLOSED, 1);
        assertThat(heard).containsExactly(ConnectionState.CONNECTED, ConnectionState.SUSPENDED,
                ConnectionState.READ_ONLY, ConnectionState.RECONNECTED);
    }

    @Test
    void aFirstConnectionToAReadOnlyServerIsReadOnlyAndTheFirstReadWriteOneConnected() {
        // Curator's rule: READ_ONLY does not count as the first connection, the first read-write one does
        states.keeperState(WatchEvent.State.CONNECTED_READ_ONLY, 0);
        states.keeperState(WatchEvent.State.DISCONNECTED, 1);
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 1);
        states.keeperState(WatchEvent.State.DISCONNECTED, 2);
        states.keeperState(WatchEvent.State.SYNC_CONNECTED, 2);
        assertThat(heard).containsExactly(ConnectionState.READ_ONLY, ConnectionState.SUSPENDED,
                ConnectionState.CONNECTED, ConnectionState.SUSPENDED, ConnectionState.RECONNECTED);
    }

    @Test
    void aThrowingListenerDoesNotSilenceTheOthers() {
        ConnectionStates s = new ConnectionStates();
        List<ConnectionState> second = new ArrayList<>();
        s.add((client, st) -> {
            throw new IllegalStateException("boom");
        });
        s.add((client, st) -> second.add(st));
        s.keeperState(WatchEvent.State.SYNC_CONNECTED, 0);
        assertThat(second).containsExactly(ConnectionState.CONNECTED);
    }
}
