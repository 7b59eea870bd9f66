package io.arbor.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arbor.client.AddWatchMode;
import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.ConnectionState;
import io.arbor.client.WatchEvent;
import io.arbor.client.WatcherType;
import io.arbor.client.retry.RetryPolicy;
import io.arbor.it.TcpProxy;
import io.arbor.protocol.CreateMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an expired session does to watchers and to the client, against Arbor and Apache ZooKeeper alike: watchers
 * that will never fire again are told Expired once and forgotten, and with {@code expiryEndsClient} the client
 * ends as ZooKeeper's does instead of starting a new session.
 */
class ArborClientExpiryTest extends AgainstBothServers {
    private static final Duration SHORT_SESSION = Duration.ofMillis(1000);
    private static final WatchEvent EXPIRED = new WatchEvent(WatchEvent.Type.NONE, WatchEvent.State.EXPIRED, null);

    private ArborClient direct(String server) {
        ArborClient c = ArborClient.builder().connectString(servers.connectString(server))
                .sessionTimeout(Duration.ofSeconds(4)).build();
        closeAfter.add(c);
        return c;
    }

    private TcpProxy proxy(String server) {
        TcpProxy p = new TcpProxy(servers.port(server));
        closeAfter.add(p);
        return p;
    }

    private ArborClient build(ArborClient.Builder b) {
        ArborClient c = b.build();
        closeAfter.add(c);
        return c;
    }

    private static ArborClient.Builder throughProxy(TcpProxy proxy, List<ConnectionState> states,
                                                    List<WatchEvent> keeper) {
        return ArborClient.builder().connectString(proxy.connectString()).sessionTimeout(SHORT_SESSION)
                // long enough that nothing queued during the cut fails by its deadline before the session says so
                .requestTimeout(Duration.ofSeconds(30))
                .connectionStateListener((c, s) -> states.add(s)).watcher(keeper::add);
    }

    /** Cuts the proxy until the server has expired the session (the client's ephemeral is gone), then heals it. */
    private static void cutUntilExpired(TcpProxy proxy, ArborClient other, String ephemeral,
                                        List<ConnectionState> states) {
        proxy.cut();
        await().atMost(WAIT).until(() -> states.contains(ConnectionState.SUSPENDED));
        await().atMost(WAIT).until(() -> other.exists(ephemeral).isEmpty());
        proxy.heal();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void persistentWatchersNotRestoredAreToldExpiredOnceThenForgotten(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/ex" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = proxy(server);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        ArborClient c = build(throughProxy(proxy, states, new CopyOnWriteArrayList<>()));
        String eph = c.create(b + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        List<WatchEvent> persistent = new CopyOnWriteArrayList<>();
        List<WatchEvent> recursive = new CopyOnWriteArrayList<>();
        List<WatchEvent> oneShot = new CopyOnWriteArrayList<>();
        c.addWatch(b, AddWatchMode.PERSISTENT, persistent::add);
        c.addWatch(b, AddWatchMode.PERSISTENT_RECURSIVE, recursive::add);
        c.getData(b, oneShot::add);

        cutUntilExpired(proxy, other, eph, states);
        await().atMost(WAIT).until(() -> states.contains(ConnectionState.RECONNECTED));
        assertThat(c.sessionGeneration()).isEqualTo(1);

        // the new session holds none of them: each heard of the expiry once and hears nothing after it
        other.setData(b, bytes("1"), -1);
        other.create(b + "/k", null, OPEN, CreateMode.PERSISTENT);
        c.getChildren(b); // a read after the changes: their events, had any watch been left, came before it
        assertThat(persistent).containsExactly(EXPIRED);
        assertThat(recursive).containsExactly(EXPIRED);
        assertThat(oneShot).containsExactly(EXPIRED);
        assertThatThrownBy(() -> c.removeAllWatches(b, WatcherType.ANY, true))
                .isInstanceOf(ArborException.NoWatcherException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void withExpiryEndsClientTheExpiredClientIsClosedAsZooKeepersIs(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/ex" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = proxy(server);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        List<WatchEvent> keeper = new CopyOnWriteArrayList<>();
        ArborClient c = build(throughProxy(proxy, states, keeper).expiryEndsClient(true)
                .restoreWatchesOnExpiry(true)); // ending wins: there is no new session to restore them in
        String eph = c.create(b + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        long session = c.sessionId();
        List<WatchEvent> persistent = new CopyOnWriteArrayList<>();
        List<WatchEvent> oneShot = new CopyOnWriteArrayList<>();
        c.addWatch(b, AddWatchMode.PERSISTENT_RECURSIVE, persistent::add);
        c.exists(b + "/absent", oneShot::add);

        cutUntilExpired(proxy, other, eph, states);
        await().atMost(WAIT).until(() -> keeper.contains(EXPIRED));

        assertThat(keeper).extracting(WatchEvent::state).containsExactly(WatchEvent.State.SYNC_CONNECTED,
                WatchEvent.State.DISCONNECTED, WatchEvent.State.EXPIRED);
        assertThat(states).containsExactly(ConnectionState.CONNECTED, ConnectionState.SUSPENDED,
                ConnectionState.LOST);
        await().atMost(WAIT).until(() -> !persistent.isEmpty() && !oneShot.isEmpty());
        assertThat(persistent).containsExactly(EXPIRED);
        assertThat(oneShot).containsExactly(EXPIRED);

        // every call fails with SessionExpired, at once; the retry loop has no connection to wait for
        assertThatThrownBy(() -> c.exists(b)).isInstanceOf(ArborException.SessionExpiredException.class);
        assertThatThrownBy(() -> c.create(b + "/x", null, OPEN, CreateMode.PERSISTENT))
                .isInstanceOf(ArborException.SessionExpiredException.class);
        CompletableFuture<?> retried = c.retryingAsync(RetryPolicy.forever(Duration.ofMillis(10)),
                x -> x.existsAsync(b));
        assertThatThrownBy(() -> retried.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(c.sessionId()).isEqualTo(session);
        assertThat(c.sessionGeneration()).isZero();
        assertThat(c.connectedServer()).isEmpty();
        // and it does not come back: no new connection, no new session
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> proxy.openConnections() == 0);
        assertThat(other.exists(b + "/x")).isEmpty();

        // closing it afterwards is a no-op: no Closed follows Expired (ZooKeeper's client alike)
        c.close();
        assertThat(keeper).hasSize(3);
        assertThat(states).hasSize(3);
    }
}
