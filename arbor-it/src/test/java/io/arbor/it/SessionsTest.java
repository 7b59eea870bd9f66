package io.arbor.it;

import static io.arbor.it.Poll.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions as the stock client sees them: the handshake (timeout negotiation, id, password, re-attach,
 * refusals), heartbeats, expiry of a silent client, and session close taking every ephemeral with it.
 * The server runs with tickTime=200, so sessions may last 400..4000 ms.
 */
class SessionsTest {
    private static final byte[] NONE = new byte[0];
    private static final int TICK = 200;

    @AutoClose
    static final ArborTestServer server = ArborTestServer.start();
    ZooKeeper observer;
    String base;

    @BeforeEach
    void connect() throws Exception {
        observer = server.client();
        base = server.createTestRoot(observer, "/s");
    }

    @AfterEach
    void disconnect() throws Exception {
        observer.close();
    }

    private static String ephemeral(ZooKeeper zk, String path) throws Exception {
        return zk.create(path, NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    }

    // ---- handshake ----

    @Test
    void theNegotiatedTimeoutIsClampedBetweenTwoAndTwentyTicks() throws Exception {
        int[][] requestedAndNegotiated = {{100, 2 * TICK}, {1_000, 1_000}, {60_000, 20 * TICK}};
        for (int[] c : requestedAndNegotiated) {
            ZooKeeper zk = server.client(server.connectString(), c[0], e -> { });
            try {
                assertThat(zk.getSessionTimeout()).as("asked for %d ms", c[0]).isEqualTo(c[1]);
            } finally {
                zk.close();
            }
        }
    }

    @Test
    void configuredTimeoutBoundsAreHonoured() throws Exception {
        try (ArborTestServer bounded = ArborTestServer.start("minSessionTimeout=1500\nmaxSessionTimeout=2500")) {
            int[][] requestedAndNegotiated = {{500, 1_500}, {2_000, 2_000}, {30_000, 2_500}};
            for (int[] c : requestedAndNegotiated) {
                ZooKeeper zk = bounded.client(bounded.connectString(), c[0], e -> { });
                try {
                    assertThat(zk.getSessionTimeout()).as("asked for %d ms", c[0]).isEqualTo(c[1]);
                } finally {
                    zk.close();
                }
            }
        }
    }

    @Test
    void sessionIdsCarryServerIdOneInTheTopByteAndPasswordsAreSixteenBytes() throws Exception {
        ZooKeeper other = server.client();
        try {
            for (ZooKeeper zk : List.of(observer, other)) {
                assertThat(zk.getSessionId() >>> 56).isEqualTo(1L);
                assertThat(zk.getSessionPasswd()).hasSize(16);
                assertThat(zk.getSessionPasswd()).isNotEqualTo(new byte[16]);
            }
            assertThat(other.getSessionId()).isNotEqualTo(observer.getSessionId());
        } finally {
            other.close();
        }
    }

    @Test
    void anotherClientCanReattachTheSessionAndTakesItOver() throws Exception {
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            RecordingWatcher oldEvents = new RecordingWatcher();
            ZooKeeper old = server.client(proxy.connectString(), 4000, oldEvents);
            try {
                long id = old.getSessionId();
                String eph = ephemeral(old, base + "/eph");
                // the old client must not win the session back: its reconnects go nowhere from now on
                proxy.refuseNewConnections();

                RecordingWatcher newEvents = new RecordingWatcher();
                ZooKeeper taker = new ZooKeeper(server.connectString(), 4000, newEvents, id, old.getSessionPasswd());
                try {
                    newEvents.awaitState(KeeperState.SyncConnected);
                    assertThat(taker.getSessionId()).isEqualTo(id);
                    assertThat(taker.getSessionTimeout()).isEqualTo(4000);

                    // the server closed the old connection
                    oldEvents.awaitState(KeeperState.Disconnected);
                    await().until(() -> proxy.openConnections() == 0);

                    assertThat(taker.getEphemerals(base)).containsExactly(eph);
                    String second = ephemeral(taker, base + "/second");
                    assertThat(observer.exists(second, false).getEphemeralOwner()).isEqualTo(id);
                    assertThat(observer.exists(eph, false).getEphemeralOwner()).isEqualTo(id);
                } finally {
                    taker.close();
                }
                assertThat(observer.getChildren(base, false)).isEmpty();
                assertThat(newEvents.states()).doesNotContain(KeeperState.Expired);
            } finally {
                old.close();
            }
        }
    }

    @Test
    void aWrongPasswordIsToldTheSessionExpiredAndLeavesTheSessionAlive() throws Exception {
        RecordingWatcher ownerEvents = new RecordingWatcher();
        ZooKeeper owner = server.client(server.connectString(), 4000, ownerEvents);
        try {
            String eph = ephemeral(owner, base + "/eph");
            byte[] wrong = owner.getSessionPasswd().clone();
            wrong[0] ^= 1;

            RecordingWatcher events = new RecordingWatcher();
            ZooKeeper impostor = new ZooKeeper(server.connectString(), 4000, events, owner.getSessionId(), wrong);
            try {
                events.awaitState(KeeperState.Expired);
                assertThat(events.states()).doesNotContain(KeeperState.SyncConnected);
            } finally {
                impostor.close();
            }
            // (ZooKeeper drops the owner's connection before it checks the password; the owner reconnects.
            // Either way the session itself lives on.)
            assertThat(observer.exists(eph, false).getEphemeralOwner()).isEqualTo(owner.getSessionId());
            await().ignoreExceptionsInstanceOf(KeeperException.ConnectionLossException.class)
                    .until(() -> owner.getEphemerals().equals(List.of(eph)));
            assertThat(ownerEvents.states()).doesNotContain(KeeperState.Expired);
        } finally {
            owner.close();
        }
    }

    @Test
    void anUnknownSessionIsToldItExpired() throws Exception {
        RecordingWatcher events = new RecordingWatcher();
        long unknown = (1L << 56) | 0x00_1234_5678_9ABCL;
        ZooKeeper zk = new ZooKeeper(server.connectString(), 4000, events, unknown, new byte[16]);
        try {
            events.awaitState(KeeperState.Expired);
        } finally {
            zk.close();
        }
    }

    @Test
    void theExpiredAnswerOnTheWireIsAZeroTimeoutZeroSessionAndSixteenZeroBytesThenClose() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            RawClient.Handshake h = raw.connect(0, 4000, (1L << 56) | 0xABCDL, new byte[16]);
            assertThat(h).isNotNull();
            assertThat(h.timeOut()).isZero();
            assertThat(h.sessionId()).isZero();
            assertThat(h.passwd()).isEqualTo(new byte[16]);
            assertThatThrownBy(() -> raw.call(ZooDefs.OpCode.exists, RawClient.pathWatch("/", false)))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aClientThatHasSeenALaterZxidThanTheServerIsRefusedWithoutAnAnswer() throws Exception {
        long serverZxid = observer.exists(base, false).getCzxid();
        try (RawClient raw = new RawClient(server.port())) {
            RawClient.Handshake h = raw.connect(serverZxid, 4000, 0, new byte[16]);
            assertThat(h).as("a client that has seen exactly the server's zxid is welcome").isNotNull();
            assertThat(h.timeOut()).isEqualTo(4000);
            assertThat(h.sessionId() >>> 56).isEqualTo(1L);
            assertThat(h.passwd()).hasSize(16);
        }
        try (RawClient raw = new RawClient(server.port())) {
            assertThat(raw.connect(serverZxid + 1_000_000, 4000, 0, new byte[16]))
                    .as("connection closed without a ConnectResponse").isNull();
        }
    }

    // ---- heartbeats and expiry ----

    @Test
    void heartbeatsKeepAnIdleSessionAliveAcrossSeveralTimeouts() throws Exception {
        RecordingWatcher events = new RecordingWatcher();
        ZooKeeper idle = server.client(server.connectString(), 800, events);
        try {
            assertThat(idle.getSessionTimeout()).isEqualTo(800);
            String eph = ephemeral(idle, base + "/idle");

            // idle for more than three timeouts: only the client's pings reach the server
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                    .until(() -> events.states().equals(List.of(KeeperState.SyncConnected)));

            assertThat(observer.exists(eph, false).getEphemeralOwner()).isEqualTo(idle.getSessionId());
            assertThat(idle.exists(eph, false)).isNotNull();
        } finally {
            idle.close();
        }
    }

    @Test
    void aClientThatFallsSilentExpiresAfterAboutItsTimeoutAndLosesItsEphemerals() throws Exception {
        int timeout = 1200;
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            RecordingWatcher events = new RecordingWatcher();
            ZooKeeper silent = server.client(proxy.connectString(), timeout, events);
            try {
                String eph = ephemeral(silent, base + "/silent");
                RecordingWatcher watcher = new RecordingWatcher();
                observer.exists(eph, watcher);
                observer.getChildren(base, watcher);

                long cutAt = System.nanoTime();
                proxy.cut();
                watcher.await(EventType.NodeDeleted, eph);
                long expiredAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
                watcher.await(EventType.NodeChildrenChanged, base);

                // the last ping was at most a third of the timeout before the cut; expiry is rounded up to a tick
                // (the upper bound leaves room for a loaded machine)
                assertThat(expiredAfter).isBetween((long) timeout / 2, (long) timeout + 1500);
                assertThat(observer.exists(eph, false)).isNull();

                proxy.heal();
                events.awaitState(KeeperState.Expired);
                assertThat(events.states()).containsSubsequence(KeeperState.SyncConnected,
                        KeeperState.Disconnected, KeeperState.Expired);
                assertThatThrownBy(() -> silent.exists("/", false))
                        .isInstanceOf(KeeperException.SessionExpiredException.class);
            } finally {
                silent.close();
            }
        }
    }

    @Test
    void aConnectedClientThatSendsNothingIsExpiredAndItsConnectionClosed() throws Exception {
        int timeout = 600;
        try (RawClient raw = new RawClient(server.port())) {
            assertThat(raw.connect(timeout).timeOut()).isEqualTo(timeout);
            String eph = base + "/raw";
            assertThat(raw.call(ZooDefs.OpCode.create, RawClient.create(eph, NONE, 1)).err()).isZero();
            long lastHeard = System.nanoTime();
            RecordingWatcher watcher = new RecordingWatcher();
            assertThat(observer.exists(eph, watcher).getEphemeralOwner() >>> 56).isEqualTo(1L);

            assertThat(raw.closedByServer()).isTrue();
            long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeard);
            assertThat(closedAfter).isBetween((long) timeout - TICK, (long) timeout + 1500);
            watcher.await(EventType.NodeDeleted, eph);
        }
    }

    // ---- close ----

    @Test
    void closeRemovesEveryEphemeralOfTheSessionAndNothingElse() throws Exception {
        ZooKeeper owner = server.client();
        long id = owner.getSessionId();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(ephemeral(owner, base + "/e" + i));
        }
        String seq = owner.create(base + "/seq-", NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        mine.add(seq);
        owner.create(base + "/persistent", NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        String others = ephemeral(observer, base + "/observers");
        assertThat(owner.getEphemerals(base)).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(owner.getEphemerals()).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(observer.getEphemerals()).containsExactly(others);

        owner.close();

        assertThat(observer.getChildren(base, false)).containsExactlyInAnyOrder("persistent", "observers");
        assertThat(server.server().context().tree().ephemeralsOf(id)).isEmpty();
        assertThat(observer.getEphemerals(base)).containsExactly(others);
    }

    @Test
    void noEphemeralOutlivesItsSessionWhenItsCreateIsInFlightAtClose() throws Exception {
        int succeeded = 0;
        for (int round = 0; round < 5; round++) {
            String parent = base + "/round" + round;
            observer.create(parent, NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            ZooKeeper owner = server.client();
            long id = owner.getSessionId();
            int n = 200;
            CountDownLatch answered = new CountDownLatch(2 * n);
            AtomicInteger ok = new AtomicInteger();
            AsyncCallback.StringCallback count = (rc, path, ctx, name) -> {
                if (rc == 0) {
                    ok.incrementAndGet();
                }
                answered.countDown();
            };
            for (int i = 0; i < n; i++) {
                owner.create(parent + "/a" + i, NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, count, null);
            }
            // a read queued behind the first batch: the session owns all of it
            assertThat(owner.getEphemerals(parent)).hasSize(n);
            // the second batch is still in flight when the close goes out
            for (int i = 0; i < n; i++) {
                owner.create(parent + "/b" + i, NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, count, null);
            }
            owner.close();
            assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
            succeeded += ok.get() - n;

            assertThat(observer.getChildren(parent, false)).as("round %d", round).isEmpty();
            assertThat(observer.getAllChildrenNumber(parent)).isZero();
            assertThat(observer.exists(parent, false).getNumChildren()).isZero();
            assertThat(server.server().context().tree().ephemeralsOf(id)).isEmpty();
        }
        assertThat(succeeded).as("creates of the second batches that succeeded before the close").isPositive();
    }

    @Test
    void aClosedSessionCannotBeReattached() throws Exception {
        ZooKeeper zk = server.client();
        long id = zk.getSessionId();
        byte[] passwd = zk.getSessionPasswd();
        zk.close();

        RecordingWatcher events = new RecordingWatcher();
        ZooKeeper again = new ZooKeeper(server.connectString(), 4000, events, id, passwd);
        try {
            events.awaitState(KeeperState.Expired);
        } finally {
            again.close();
        }
    }
}
