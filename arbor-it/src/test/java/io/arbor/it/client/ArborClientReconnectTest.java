package io.arbor.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.WatchEvent;
import io.arbor.it.TcpProxy;
import io.arbor.protocol.CreateMode;
import io.arbor.protocol.Stat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Arbor client across a network cut made by a {@link TcpProxy}, against Arbor and Apache ZooKeeper alike:
 * the same session re-attached, its watches re-set with the events missed meanwhile, queued requests sent after
 * the watches, and the session's expiry reported when the server dropped it during the cut.
 */
class ArborClientReconnectTest extends AgainstBothServers {



    private TcpProxy proxy(String server) {
        TcpProxy p = new TcpProxy(servers.port(server));
        closeAfter.add(p);
        return p;
    }

    private ArborClient client(String connectString, Duration sessionTimeout, List<WatchEvent> states) {
        ArborClient c = ArborClient.builder().connectString(connectString).sessionTimeout(sessionTimeout)
                .watcher(states::add).build();
        closeAfter.add(c);
        return c;
    }

    private ArborClient direct(String server) {
        return client(servers.connectString(server), Duration.ofSeconds(4), new CopyOnWriteArrayList<>());
    }

    private static long count(List<WatchEvent> states, WatchEvent.State state) {
        return states.stream().filter(e -> e.state() == state).count();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void reattachesTheSameSessionAndReplaysWhatWasMissed(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/rc" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        other.create(b + "/changed", bytes("1"), OPEN, CreateMode.PERSISTENT);
        other.create(b + "/gone", null, OPEN, CreateMode.PERSISTENT);
        other.create(b + "/same", null, OPEN, CreateMode.PERSISTENT);

        TcpProxy proxy = proxy(server);
        List<WatchEvent> states = new CopyOnWriteArrayList<>();
        ArborClient c = client(proxy.connectString(), Duration.ofSeconds(4), states);
        String eph = c.create(b + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        long sessionId = c.sessionId();
        List<Object> seen = new CopyOnWriteArrayList<>(); // watch events and the queued request's answer, in order
        c.getData(b + "/changed", seen::add);
        c.getData(b + "/gone", seen::add);
        assertThat(c.exists(b + "/born", seen::add)).isEmpty();
        c.getData(b + "/same", seen::add);

        proxy.cut();
        await().atMost(WAIT).until(() -> count(states, WatchEvent.State.DISCONNECTED) == 1);
        other.setData(b + "/changed", bytes("2"), -1);
        other.delete(b + "/gone", -1);
        other.create(b + "/born", null, OPEN, CreateMode.PERSISTENT);
        // issued while disconnected: waits in the queue for the next connection
        CompletableFuture<Optional<Stat>> queued = c.existsAsync(b + "/born");
        queued.thenAccept(seen::add);
        assertThat(queued).isNotDone();

        proxy.heal();
        await().atMost(WAIT).until(() -> count(states, WatchEvent.State.SYNC_CONNECTED) == 2);
        assertThat(queued.get(5, TimeUnit.SECONDS)).isPresent();
        assertThat(c.sessionId()).isEqualTo(sessionId);
        // the same session: its ephemeral is still there, owned by it
        assertThat(other.exists(eph).orElseThrow().ephemeralOwner()).isEqualTo(sessionId);
        await().atMost(WAIT).until(() -> seen.size() == 4);
        // setWatches went out before the queued request, so the server's replayed events came before its answer
        assertThat(seen.subList(0, 3)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("zxid").containsExactlyInAnyOrder(
                new WatchEvent(WatchEvent.Type.NODE_DATA_CHANGED, WatchEvent.State.SYNC_CONNECTED, b + "/changed"),
                new WatchEvent(WatchEvent.Type.NODE_DELETED, WatchEvent.State.SYNC_CONNECTED, b + "/gone"),
                new WatchEvent(WatchEvent.Type.NODE_CREATED, WatchEvent.State.SYNC_CONNECTED, b + "/born"));
        assertThat(seen.get(3)).isInstanceOf(Optional.class);

        // /same did not change since the last zxid seen: its watch was re-registered, not fired, and fires now
        other.setData(b + "/same", bytes("x"), -1);
        await().atMost(WAIT).until(() -> seen.size() == 5);
        assertThat(seen.get(4)).usingRecursiveComparison().ignoringFields("zxid").isEqualTo(
                new WatchEvent(WatchEvent.Type.NODE_DATA_CHANGED, WatchEvent.State.SYNC_CONNECTED, b + "/same"));
        assertThat(states).extracting(WatchEvent::state).containsExactly(WatchEvent.State.SYNC_CONNECTED,
                WatchEvent.State.DISCONNECTED, WatchEvent.State.SYNC_CONNECTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void moreWatchesThanOneFrameHoldsAreReRegisteredInBatches(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/rc" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = proxy(server);
        List<WatchEvent> states = new CopyOnWriteArrayList<>();
        ArborClient c = client(proxy.connectString(), Duration.ofSeconds(4), states);
        // 40,000 exist watches of ~40-byte paths: about 1.6 MB of paths, more than jute.maxbuffer (1 MB) allows
        // in one frame, so a single setWatches would get the connection dropped on every reconnect
        int n = 40_000;
        List<WatchEvent> fired = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Optional<Stat>>> registered = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            registered.add(c.existsAsync(b + "/not-created-yet-" + i, fired::add));
        }
        CompletableFuture.allOf(registered.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long sessionId = c.sessionId();

        proxy.cut();
        await().atMost(WAIT).until(() -> count(states, WatchEvent.State.DISCONNECTED) == 1);
        proxy.heal();
        await().atMost(WAIT).until(() -> count(states, WatchEvent.State.SYNC_CONNECTED) == 2);
        assertThat(c.sessionId()).isEqualTo(sessionId);

        // the first and the last registered watch both came back with the session
        other.create(b + "/not-created-yet-0", null, OPEN, CreateMode.PERSISTENT);
        other.create(b + "/not-created-yet-" + (n - 1), null, OPEN, CreateMode.PERSISTENT);
        await().atMost(WAIT).until(() -> fired.size() == 2);
        assertThat(fired).extracting(WatchEvent::path).containsExactlyInAnyOrder(b + "/not-created-yet-0",
                b + "/not-created-yet-" + (n - 1));
        assertThat(states).extracting(WatchEvent::state).containsExactly(WatchEvent.State.SYNC_CONNECTED,
                WatchEvent.State.DISCONNECTED, WatchEvent.State.SYNC_CONNECTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void requestsInFlightAtTheCutFailWithConnectionLossAndNoneHangs(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/rc" + UNIQUE.incrementAndGet(), bytes("v"), OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = proxy(server);
        List<WatchEvent> states = new CopyOnWriteArrayList<>();
        ArborClient c = client(proxy.connectString(), Duration.ofSeconds(4), states);
        c.exists(b);

        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            calls.add(c.getDataAsync(b));
        }
        proxy.cut();
        await().atMost(WAIT).until(() -> count(states, WatchEvent.State.DISCONNECTED) == 1);
        proxy.heal();
        // each one was answered, or lost with the connection (on the wire at the cut), or sent after reconnect
        for (CompletableFuture<?> f : calls) {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ArborException.ConnectionLossException.class);
            }
        }
        await().atMost(WAIT).until(() -> count(states, WatchEvent.State.SYNC_CONNECTED) == 2);
        assertThat(c.getData(b).data()).isEqualTo(bytes("v"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void sessionDroppedDuringTheCutIsExpiredAfterIt(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/rc" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = proxy(server);
        List<WatchEvent> states = new CopyOnWriteArrayList<>();
        ArborClient c = ArborClient.builder().connectString(proxy.connectString())
                .sessionTimeout(Duration.ofMillis(1000)).requestTimeout(Duration.ofSeconds(30))
                .watcher(states::add).build();
        closeAfter.add(c);
        String eph = c.create(b + "/eph", null, OPEN, CreateMode.EPHEMERAL);

        proxy.cut();
        await().atMost(WAIT).until(() -> count(states, WatchEvent.State.DISCONNECTED) == 1);
        CompletableFuture<Optional<Stat>> queued = c.existsAsync(b);
        // the server expired the session: its ephemeral is gone
        await().atMost(WAIT).until(() -> other.exists(eph).isEmpty());
        proxy.heal();
        await().atMost(WAIT).until(() -> count(states, WatchEvent.State.EXPIRED) == 1);
        assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ArborException.SessionExpiredException.class);
        // then the handle is rebuilt: a new session under the same client (see ArborClientResilienceTest)
        await().atMost(WAIT).until(() -> count(states, WatchEvent.State.SYNC_CONNECTED) == 2);
        assertThat(states).extracting(WatchEvent::state).containsExactly(WatchEvent.State.SYNC_CONNECTED,
                WatchEvent.State.DISCONNECTED, WatchEvent.State.EXPIRED, WatchEvent.State.SYNC_CONNECTED);
        assertThat(c.exists(b)).isPresent();
    }
}
