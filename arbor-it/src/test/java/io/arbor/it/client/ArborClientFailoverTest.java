package io.arbor.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.arbor.client.ArborClient;
import io.arbor.client.ConnectString;
import io.arbor.client.ConnectionState;
import io.arbor.client.HostProvider;
import io.arbor.client.WatchEvent;
import io.arbor.it.ArborTestServer;
import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Arbor client moving between two servers. The two Arbor servers are independent (they share no state), so
 * this proves connection failover, not replication: the second server does not know the first one's session, so
 * the client is told Expired there and starts a new session (LOST, then RECONNECTED), and carries on with it.
 *
 * <p>A server refuses a client that has seen a later zxid than its own (as ZooKeeper does, so a client never goes
 * back in time). Between unrelated servers that would keep the client off the second one for good, so each test
 * first writes to the second server until its zxid is past what the client saw on the first.
 */
class ArborClientFailoverTest {
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private ArborTestServer one;
    private ArborTestServer two;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<WatchEvent> keeperStates = new CopyOnWriteArrayList<>();
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServers() {
        one = ArborTestServer.start();
        two = ArborTestServer.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        one.close();
        two.close();
    }

    private ArborClient client(String connectString, Random random) {
        ArborClient c = ArborClient.builder().connectString(connectString).sessionTimeout(Duration.ofSeconds(4))
                .random(random).watcher(keeperStates::add)
                .connectionStateListener((client, state) -> states.add(state)).build();
        closeAfter.add(c);
        return c;
    }

    private String both() {
        return "127.0.0.1:" + one.port() + ",127.0.0.1:" + two.port();
    }

    private ArborTestServer serverAt(int port) {
        return port == one.port() ? one : two;
    }

    private ArborTestServer other(ArborTestServer server) {
        return server == one ? two : one;
    }

    /** Writes to {@code server} until its last zxid is past {@code zxid}, so it accepts a client that saw that. */
    private static void advancePast(ArborTestServer server, long zxid) throws Exception {
        ZooKeeper zk = server.client();
        try {
            String root = server.createTestRoot(zk, "/advance");
            Stat stat = new Stat();
            do {
                zk.setData(root, new byte[0], -1);
                stat = zk.exists(root, false);
            } while (stat.getMzxid() <= zxid);
        } finally {
            zk.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<WatchEvent.State> keeperStateSequence() {
        return keeperStates.stream().map(WatchEvent::state).toList();
    }

    private void awaitReconnectedElsewhere(ArborClient c, ArborTestServer target) {
        await().atMost(WAIT).until(() -> c.connectedServer().map(a -> a.getPort() == target.port()).orElse(false)
                && states.contains(ConnectionState.RECONNECTED));
        // the second server did not know the session: Expired there, then a new session on the same client object
        assertThat(keeperStateSequence()).containsExactly(WatchEvent.State.SYNC_CONNECTED,
                WatchEvent.State.DISCONNECTED, WatchEvent.State.EXPIRED, WatchEvent.State.SYNC_CONNECTED);
        assertThat(states).containsExactly(ConnectionState.CONNECTED, ConnectionState.SUSPENDED,
                ConnectionState.LOST, ConnectionState.RECONNECTED);
        assertThat(c.sessionGeneration()).isEqualTo(1);
    }

    /** The client works on {@code target}: an ephemeral it creates is seen there, owned by its new session. */
    private static void assertWorksOn(ArborClient c, ArborTestServer target, String path) throws Exception {
        c.create(path, bytes("here"), OPEN, CreateMode.EPHEMERAL);
        assertThat(c.getData(path).data()).isEqualTo(bytes("here"));
        ZooKeeper zk = target.client();
        try {
            Stat stat = zk.exists(path, false);
            assertThat(stat).as(path + " on the server the client moved to").isNotNull();
            assertThat(stat.getEphemeralOwner()).isEqualTo(c.sessionId());
        } finally {
            zk.close();
        }
    }

    @Test
    void whenItsServerStopsTheClientMovesToTheOtherAndKeepsWorking() throws Exception {
        ArborClient c = client(both(), new Random(1));
        long zxidSeen = c.create2("/on-first", bytes("1"), OPEN, CreateMode.PERSISTENT).stat().mzxid();
        ArborTestServer first = serverAt(c.connectedServer().orElseThrow().getPort());
        ArborTestServer second = other(first);
        advancePast(second, zxidSeen);
        long firstSession = c.sessionId();

        first.close();
        awaitReconnectedElsewhere(c, second);
        assertThat(c.sessionId()).isNotEqualTo(firstSession).isNotZero();
        assertWorksOn(c, second, "/after-failover");
        assertThat(c.exists("/on-first")).as("the servers share nothing: the first one's node is not here").isEmpty();
    }

    @Test
    void aFirstHostThatRefusesConnectionsIsSkipped() throws Exception {
        int refusing;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusing = s.getLocalPort(); // closed again: connecting to it is refused
        }
        String connectString = "127.0.0.1:" + refusing + ",127.0.0.1:" + two.port();
        // a seed whose shuffle puts the refusing host first, so the client surely tries it first
        long seed = 0;
        while (new HostProvider(ConnectString.parse(connectString).addresses(), new Random(seed)).ring().get(0)
                .getPort() != refusing) {
            seed++;
        }
        ArborClient c = client(connectString, new Random(seed));
        c.create("/via-second", bytes("x"), OPEN, CreateMode.PERSISTENT);
        assertThat(c.connectedServer().orElseThrow().getPort()).isEqualTo(two.port());
        assertThat(states).containsExactly(ConnectionState.CONNECTED);
        assertWorksOn(c, two, "/eph");
    }

    @Test
    void removingTheCurrentServerFromTheListMovesTheClientToTheRemainingOne() throws Exception {
        ArborClient c = client(both(), new Random(2));
        long zxidSeen = c.create2("/on-first", null, OPEN, CreateMode.PERSISTENT).stat().mzxid();
        ArborTestServer first = serverAt(c.connectedServer().orElseThrow().getPort());
        ArborTestServer second = other(first);
        advancePast(second, zxidSeen);

        assertThat(c.updateServerList("127.0.0.1:" + second.port())).as("its server left the list: it moves").isTrue();
        awaitReconnectedElsewhere(c, second);
        assertWorksOn(c, second, "/after-rebalance");
    }

    @Test
    void anUnchangedOrShrunkListThatKeepsTheCurrentServerDoesNotMoveIt() throws Exception {
        ArborClient c = client(both(), new Random(3));
        c.create("/stays", null, OPEN, CreateMode.PERSISTENT);
        ArborTestServer current = serverAt(c.connectedServer().orElseThrow().getPort());
        long session = c.sessionId();

        assertThat(c.updateServerList(both())).isFalse();
        assertThat(c.updateServerList("127.0.0.1:" + current.port())).isFalse();
        assertThat(c.exists("/stays")).isPresent();
        assertThat(c.sessionId()).isEqualTo(session);
        assertThat(states).containsExactly(ConnectionState.CONNECTED);
        assertThat(keeperStateSequence()).containsExactly(WatchEvent.State.SYNC_CONNECTED);
    }
}
