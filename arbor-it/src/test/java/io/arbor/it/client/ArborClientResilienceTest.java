package io.arbor.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arbor.client.AddWatchMode;
import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.ConnectionState;
import io.arbor.client.ConnectionStateListener;
import io.arbor.client.CreateOption;
import io.arbor.client.Restored;
import io.arbor.client.WatchEvent;
import io.arbor.client.retry.RetryPolicy;
import io.arbor.it.TcpProxy;
import io.arbor.protocol.CreateMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the client does about a broken network and an expired session, against Arbor and Apache ZooKeeper alike:
 * Curator's connection states, the handle rebuilt under the same client after expiry, the retry loop carrying an
 * operation across both, and ephemerals and persistent watches put back in the new session when asked.
 */
class ArborClientResilienceTest extends AgainstBothServers {
    private static final Duration SHORT_SESSION = Duration.ofMillis(1000);



    /** Records the states and restorations a client's listener hears, with the thread each came on. */
    private static final class Recorder implements ConnectionStateListener {
        final List<ConnectionState> states = new CopyOnWriteArrayList<>();
        final List<Restored> restored = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void stateChanged(ArborClient client, ConnectionState newState) {
            states.add(newState);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void restored(ArborClient client, Restored what) {
            restored.add(what);
        }

        long count(ConnectionState s) {
            return states.stream().filter(x -> x == s).count();
        }
    }

    private TcpProxy proxy(String server) {
        TcpProxy p = new TcpProxy(servers.port(server));
        closeAfter.add(p);
        return p;
    }

    private ArborClient direct(String server) {
        ArborClient c = ArborClient.builder().connectString(servers.connectString(server))
                .sessionTimeout(Duration.ofSeconds(4)).build();
        closeAfter.add(c);
        return c;
    }

    private ArborClient.Builder throughProxy(TcpProxy proxy, Duration sessionTimeout, Recorder recorder,
                                             List<WatchEvent> keeperStates) {
        return ArborClient.builder().connectString(proxy.connectString()).sessionTimeout(sessionTimeout)
                // long enough that nothing queued during a cut fails by its deadline before the session says so
                .requestTimeout(Duration.ofSeconds(30))
                .connectionStateListener(recorder).watcher(keeperStates::add);
    }

    private ArborClient build(ArborClient.Builder b) {
        ArborClient c = b.build();
        closeAfter.add(c);
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Cuts the proxy until the server has expired the client's session (its ephemeral gone), then heals it. */
    private static void cutUntilExpired(TcpProxy proxy, ArborClient other, String ephemeral, Recorder recorder) throws Exception {
        proxy.cut();
        await().atMost(WAIT).until(() -> recorder.count(ConnectionState.SUSPENDED) == 1);
        await().atMost(WAIT).until(() -> other.exists(ephemeral).isEmpty());
        proxy.heal();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aShortCutIsSuspendedThenReconnectedInTheSameSession(String server) throws Exception {
        TcpProxy proxy = proxy(server);
        Recorder recorder = new Recorder();
        List<WatchEvent> keeper = new CopyOnWriteArrayList<>();
        ArborClient c = build(throughProxy(proxy, Duration.ofSeconds(4), recorder, keeper));
        String b = c.create("/rs" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        long sessionId = c.sessionId();
        assertThat(recorder.states).containsExactly(ConnectionState.CONNECTED);

        proxy.cut();
        await().atMost(WAIT).until(() -> recorder.count(ConnectionState.SUSPENDED) == 1);
        proxy.heal();
        await().atMost(WAIT).until(() -> recorder.count(ConnectionState.RECONNECTED) == 1);

        assertThat(recorder.states).containsExactly(ConnectionState.CONNECTED, ConnectionState.SUSPENDED,
                ConnectionState.RECONNECTED);
        assertThat(recorder.threads).allMatch(t -> t.startsWith("arbor-client-events-"));
        assertThat(c.sessionId()).isEqualTo(sessionId);
        assertThat(c.sessionGeneration()).isZero();
        assertThat(c.exists(b)).isPresent();
        // the suspension ended within the session timeout: no LOST comes after it
        assertThat(recorder.states).doesNotContain(ConnectionState.LOST);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void afterExpiryANewSessionIsMadeUnderTheSameClient(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/rs" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = proxy(server);
        Recorder recorder = new Recorder();
        List<WatchEvent> keeper = new CopyOnWriteArrayList<>();
        ArborClient c = build(throughProxy(proxy, SHORT_SESSION, recorder, keeper));
        String eph = c.create(b + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        long oldSession = c.sessionId();
        List<WatchEvent> oneShot = new CopyOnWriteArrayList<>(); // a data watch the expiry will never let fire
        c.getData(b, oneShot::add);

        proxy.cut();
        await().atMost(WAIT).until(() -> recorder.count(ConnectionState.SUSPENDED) == 1);
        // suspended a whole session timeout while still cut off: the client takes the session as lost
        await().atMost(WAIT).until(() -> recorder.count(ConnectionState.LOST) == 1);
        assertThat(proxy.isCut()).isTrue();
        CompletableFuture<?> queued = c.existsAsync(b);
        await().atMost(WAIT).until(() -> other.exists(eph).isEmpty());
        proxy.heal();

        await().atMost(WAIT).until(() -> recorder.count(ConnectionState.RECONNECTED) == 1);
        // the server's Expired did not make a second LOST
        assertThat(recorder.states).containsExactly(ConnectionState.CONNECTED, ConnectionState.SUSPENDED,
                ConnectionState.LOST, ConnectionState.RECONNECTED);
        assertThat(keeper).extracting(WatchEvent::state).containsExactly(WatchEvent.State.SYNC_CONNECTED,
                WatchEvent.State.DISCONNECTED, WatchEvent.State.EXPIRED, WatchEvent.State.SYNC_CONNECTED);
        // the dropped one-shot watch was told of the expiry, once, as ZooKeeper's client tells it
        await().atMost(WAIT).until(() -> !oneShot.isEmpty());
        assertThat(oneShot).containsExactly(new WatchEvent(WatchEvent.Type.NONE, WatchEvent.State.EXPIRED, null));
        // queued in the old session: it fails as that session did
        assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ArborException.SessionExpiredException.class);

        assertThat(c.sessionId()).isNotZero().isNotEqualTo(oldSession);
        assertThat(c.sessionGeneration()).isEqualTo(1);
        // the same client object keeps working, in the new session
        assertThat(c.exists(b)).isPresent();
        String eph2 = c.create(b + "/eph2", bytes("x"), OPEN, CreateMode.EPHEMERAL);
        assertThat(other.exists(eph2).orElseThrow().ephemeralOwner()).isEqualTo(c.sessionId());
        // nothing was asked to be recreated: the old ephemeral stays gone and no restoration is reported
        assertThat(other.exists(eph)).isEmpty();
        assertThat(recorder.restored).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theRetryLoopCarriesAnOperationAcrossAnExpiryAndSurfacesOtherErrorsAtOnce(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/rs" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = proxy(server);
        Recorder recorder = new Recorder();
        ArborClient c = build(throughProxy(proxy, SHORT_SESSION, recorder, new CopyOnWriteArrayList<>()));
        String marker = c.create(b + "/marker", null, OPEN, CreateMode.EPHEMERAL);

        AtomicInteger attempts = new AtomicInteger();
        // the first attempt runs connected and the network breaks under it: it fails with ConnectionLoss (on the
        // wire) or SessionExpired (queued in the session that then expires); the retry waits for a connection,
        // which comes only in the rebuilt session
        CompletableFuture<String> created = c.retryingAsync(RetryPolicy.forever(Duration.ofMillis(50)), x -> {
            if (attempts.incrementAndGet() == 1) {
                proxy.cut();
            }
            return x.createAsync(b + "/job", bytes("j"), OPEN, CreateMode.EPHEMERAL);
        });
        await().atMost(WAIT).until(() -> recorder.count(ConnectionState.SUSPENDED) == 1);
        await().atMost(WAIT).until(() -> other.exists(marker).isEmpty());
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(created).isNotDone();
        proxy.heal();

        assertThat(created.get(10, TimeUnit.SECONDS)).isEqualTo(b + "/job");
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(c.sessionGeneration()).isEqualTo(1);
        assertThat(other.exists(b + "/job").orElseThrow().ephemeralOwner()).isEqualTo(c.sessionId());

        AtomicInteger noNodeAttempts = new AtomicInteger();
        assertThatThrownBy(() -> c.retrying(RetryPolicy.forever(Duration.ofMillis(10)), x -> {
            noNodeAttempts.incrementAndGet();
            return x.getDataAsync(b + "/missing");
        })).isInstanceOf(ArborException.NoNodeException.class);
        assertThat(noNodeAttempts.get()).isEqualTo(1);
        // NodeExists is an answer, not a reason to try again
        assertThatThrownBy(() -> c.retrying(RetryPolicy.nTimes(5, Duration.ofMillis(10)),
                x -> x.createAsync(b + "/job", null, OPEN, CreateMode.PERSISTENT)))
                .isInstanceOf(ArborException.NodeExistsException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aProtectedCreateWhoseAnswerWasLostIsFoundAgainNotMadeTwice(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/rs" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = proxy(server);
        Recorder recorder = new Recorder();
        // the request timeout ends the wait for the lost answer well before the heartbeat would
        ArborClient c = build(ArborClient.builder().connectString(proxy.connectString())
                .sessionTimeout(Duration.ofSeconds(6)).requestTimeout(Duration.ofMillis(800))
                .connectionStateListener(recorder));
        c.exists(b);

        proxy.muteReplies();
        CompletableFuture<String> created = c.createProtectedAsync(b + "/job-", bytes("j"), OPEN,
                CreateMode.EPHEMERAL_SEQUENTIAL, RetryPolicy.nTimes(3, Duration.ofMillis(100)));
        // the server made the node; the client never heard so
        await().atMost(WAIT).until(() -> other.getChildren(b).size() == 1);
        assertThat(created).isNotDone();
        proxy.heal();

        String path = created.get(10, TimeUnit.SECONDS);
        List<String> children = other.getChildren(b);
        assertThat(children).hasSize(1);
        assertThat(path).isEqualTo(b + "/" + children.get(0));
        assertThat(children.get(0)).matches("_c_[0-9a-f-]{36}-job-\\d{10}");
        assertThat(other.exists(path).orElseThrow().ephemeralOwner()).isEqualTo(c.sessionId());
        // it went through a dropped connection, in the same session
        assertThat(recorder.states).contains(ConnectionState.SUSPENDED, ConnectionState.RECONNECTED);

        // with nothing lost it is one plain create under the protected name
        String second = c.createProtected(b + "/job-", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL,
                RetryPolicy.nTimes(3, Duration.ofMillis(100)));
        assertThat(other.getChildren(b)).hasSize(2).contains(second.substring(b.length() + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void closingTheClientEndsARetryLoopThatIsWaiting(String server) throws Exception {
        TcpProxy proxy = proxy(server);
        Recorder recorder = new Recorder();
        ArborClient c = ArborClient.builder().connectString(proxy.connectString()).sessionTimeout(SHORT_SESSION)
                .connectionStateListener(recorder).build();
        c.exists("/");
        // one waiting out a long back-off after a failed attempt
        AtomicInteger delaysAsked = new AtomicInteger();
        RetryPolicy longBackoff = (n, elapsed) -> {
            delaysAsked.incrementAndGet();
            return java.util.Optional.of(Duration.ofMinutes(10));
        };
        CompletableFuture<?> backingOff = c.retryingAsync(longBackoff,
                x -> CompletableFuture.failedFuture(new ArborException.ConnectionLossException("/")));
        await().atMost(WAIT).until(() -> delaysAsked.get() == 1);
        // one waiting for a connection
        proxy.cut();
        await().atMost(WAIT).until(() -> recorder.count(ConnectionState.SUSPENDED) == 1);
        CompletableFuture<?> waitingForConnection = c.retryingAsync(RetryPolicy.forever(Duration.ofMinutes(10)),
                x -> x.existsAsync("/"));

        c.close();
        assertThatThrownBy(() -> waitingForConnection.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> backingOff.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void ephemeralsAndPersistentWatchesAreRestoredInTheNewSessionWhenAsked(String server) throws Exception {
        ArborClient other = direct(server);
        String b = other.create("/rs" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        other.create(b + "/watched", null, OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = proxy(server);
        Recorder recorder = new Recorder();
        ArborClient c = build(throughProxy(proxy, SHORT_SESSION, recorder, new CopyOnWriteArrayList<>())
                .restoreWatchesOnExpiry(true));
        String kept = c.create(b + "/member", bytes("me"), OPEN, CreateMode.EPHEMERAL, CreateOption.RECREATE_ON_EXPIRY);
        String plain = c.create(b + "/plain", null, OPEN, CreateMode.EPHEMERAL);
        String dropped = c.create(b + "/dropped", null, OPEN, CreateMode.EPHEMERAL, CreateOption.RECREATE_ON_EXPIRY);
        c.delete(dropped, -1); // deleted by the client: not to be recreated
        List<WatchEvent> recursive = new CopyOnWriteArrayList<>();
        List<WatchEvent> persistent = new CopyOnWriteArrayList<>();
        c.addWatch(b, AddWatchMode.PERSISTENT_RECURSIVE, recursive::add);
        c.addWatch(b + "/watched", AddWatchMode.PERSISTENT, persistent::add);
        List<WatchEvent> oneShot = new CopyOnWriteArrayList<>();
        c.getData(b + "/watched", oneShot::add);
        assertThatThrownBy(() -> c.create(b + "/seq", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL,
                CreateOption.RECREATE_ON_EXPIRY)).isInstanceOf(IllegalArgumentException.class);
        String taken = c.create(b + "/taken", null, OPEN, CreateMode.EPHEMERAL, CreateOption.RECREATE_ON_EXPIRY);

        proxy.cut();
        await().atMost(WAIT).until(() -> recorder.count(ConnectionState.SUSPENDED) == 1);
        await().atMost(WAIT).until(() -> other.exists(plain).isEmpty());
        // someone else takes one of the names while the client is away: that one cannot be recreated
        other.create(taken, null, OPEN, CreateMode.PERSISTENT);
        proxy.heal();
        await().atMost(WAIT).until(() -> recorder.restored.size() == 1);
        Restored r = recorder.restored.get(0);
        assertThat(r.ephemerals()).containsExactly(kept);
        assertThat(r.watches()).containsExactlyInAnyOrder(b, b + "/watched");
        assertThat(r.failed()).containsOnlyKeys(taken);
        assertThat(r.failed().get(taken)).isInstanceOf(ArborException.NodeExistsException.class);
        assertThat(other.exists(taken).orElseThrow().ephemeralOwner()).isZero();
        // told after the RECONNECTED it belongs to
        assertThat(recorder.states).endsWith(ConnectionState.LOST, ConnectionState.RECONNECTED);

        // recreated in the new session with its data; the others stay gone
        assertThat(other.exists(kept).orElseThrow().ephemeralOwner()).isEqualTo(c.sessionId());
        assertThat(other.getData(kept).data()).isEqualTo(bytes("me"));
        assertThat(other.exists(plain)).isEmpty();
        assertThat(other.exists(dropped)).isEmpty();

        // the persistent watches hear changes made after the new session began
        recursive.clear();
        other.create(b + "/new", null, OPEN, CreateMode.PERSISTENT);
        other.setData(b + "/watched", bytes("v"), -1);
        await().atMost(WAIT).until(() -> recursive.size() >= 2 && persistent.size() >= 1);
        assertThat(recursive).usingRecursiveFieldByFieldElementComparatorIgnoringFields("zxid").contains(
                new WatchEvent(WatchEvent.Type.NODE_CREATED, WatchEvent.State.SYNC_CONNECTED, b + "/new"),
                new WatchEvent(WatchEvent.Type.NODE_DATA_CHANGED, WatchEvent.State.SYNC_CONNECTED, b + "/watched"));
        assertThat(persistent).usingRecursiveFieldByFieldElementComparatorIgnoringFields("zxid").contains(
                new WatchEvent(WatchEvent.Type.NODE_DATA_CHANGED, WatchEvent.State.SYNC_CONNECTED, b + "/watched"));
        // the one-shot watch is gone: it was told of the expiry once and hears nothing of the new session
        assertThat(oneShot).containsExactly(new WatchEvent(WatchEvent.Type.NONE, WatchEvent.State.EXPIRED, null));
    }
}
