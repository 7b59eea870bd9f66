package io.arbor.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.Children;
import io.arbor.client.Created;
import io.arbor.client.NodeData;
import io.arbor.client.WatchEvent;
import io.arbor.it.ArborTestServer;
import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.Id;
import io.arbor.protocol.Perms;
import io.arbor.protocol.Stat;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Arbor client against Arbor and against Apache ZooKeeper: the same test body, both servers. */
class ArborClientTest {
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private static ArborTestServer arbor;
    private static TestingServer zookeeper;

    private final List<ArborClient> clients = new ArrayList<>();
    private String base;

    @BeforeAll
    static void startServers() throws Exception {
        arbor = ArborTestServer.start();
        zookeeper = new TestingServer(true);
    }

    @AfterAll
    static void stopServers() throws Exception {
        arbor.close();
        zookeeper.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ArborClient::close);
    }

    static Stream<String> servers() {
        return Stream.of("Arbor", "ZooKeeper");
    }

    private static String connectString(String server) {
        return server.equals("Arbor") ? arbor.connectString() : "127.0.0.1:" + zookeeper.getPort();
    }

    private ArborClient client(String connectString) {
        ArborClient c = ArborClient.builder().connectString(connectString).sessionTimeout(Duration.ofSeconds(10)).build();
        clients.add(c);
        return c;
    }

    /** A fresh persistent node per test, so the tests share the servers without seeing each other. */
    private String base(ArborClient c, TestInfo info) throws Exception {
        base = c.create("/t" + UNIQUE.incrementAndGet(), new byte[0], OPEN, CreateMode.PERSISTENT);
        return base;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void crudWithStat(String server, TestInfo info) throws Exception {
        ArborClient c = client(connectString(server));
        String b = base(c, info);

        Created created = c.create2(b + "/a", bytes("one"), OPEN, CreateMode.PERSISTENT);
        assertThat(created.path()).isEqualTo(b + "/a");
        assertThat(created.stat().version()).isZero();
        assertThat(created.stat().dataLength()).isEqualTo(3);
        assertThat(created.stat().czxid()).isEqualTo(created.stat().mzxid()).isPositive();

        NodeData read = c.getData(b + "/a");
        assertThat(new String(read.data(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(read.stat()).isEqualTo(created.stat());

        Stat afterSet = c.setData(b + "/a", bytes("three"), 0);
        assertThat(afterSet.version()).isEqualTo(1);
        assertThat(afterSet.dataLength()).isEqualTo(5);
        assertThat(afterSet.mzxid()).isGreaterThan(created.stat().mzxid());
        assertThat(c.exists(b + "/a")).contains(afterSet);
        assertThat(c.exists(b + "/missing")).isEmpty();

        String seq = c.create(b + "/s-", new byte[0], OPEN, CreateMode.PERSISTENT_SEQUENTIAL);
        assertThat(seq).matches(b + "/s-\\d{10}");
        String eph = c.create(b + "/e", null, OPEN, CreateMode.EPHEMERAL);
        assertThat(c.exists(eph).orElseThrow().ephemeralOwner()).isEqualTo(c.sessionId());

        Children children = c.getChildrenWithStat(b);
        assertThat(children.names()).containsExactlyInAnyOrder("a", seq.substring(b.length() + 1), "e");
        assertThat(children.stat().numChildren()).isEqualTo(3);
        assertThat(c.getChildren(b)).containsExactlyInAnyOrderElementsOf(children.names());

        assertThat(c.getAcl(b + "/a").acl()).isEqualTo(OPEN);
        List<Acl> readOnly = List.of(new Acl(Perms.READ | Perms.ADMIN, Id.ANYONE));
        Stat aclStat = c.setAcl(b + "/a", readOnly, 0);
        assertThat(aclStat.aversion()).isEqualTo(1);
        assertThat(c.getAcl(b + "/a").acl()).isEqualTo(readOnly);

        assertThat(c.sync(b)).isEqualTo(b);

        c.delete(b + "/e", -1);
        c.delete(seq, 0);
        assertThat(c.exists(b + "/e")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void everyErrorHasItsType(String server, TestInfo info) throws Exception {
        ArborClient c = client(connectString(server));
        String b = base(c, info);
        c.create(b + "/n", bytes("x"), OPEN, CreateMode.PERSISTENT);
        c.create(b + "/n/child", null, OPEN, CreateMode.PERSISTENT);
        c.create(b + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        c.create(b + "/locked", null, Acl.READ_ACL_UNSAFE, CreateMode.PERSISTENT);

        assertError(() -> c.getData(b + "/none"), ArborException.NoNodeException.class, ErrorCode.NO_NODE, b + "/none");
        assertError(() -> c.create(b + "/n", null, OPEN, CreateMode.PERSISTENT),
                ArborException.NodeExistsException.class, ErrorCode.NODE_EXISTS, b + "/n");
        assertError(() -> c.setData(b + "/n", null, 7), ArborException.BadVersionException.class,
                ErrorCode.BAD_VERSION, b + "/n");
        assertError(() -> c.delete(b + "/n", -1), ArborException.NotEmptyException.class, ErrorCode.NOT_EMPTY,
                b + "/n");
        assertError(() -> c.setData(b + "/locked", null, -1), ArborException.NoAuthException.class,
                ErrorCode.NO_AUTH, b + "/locked");
        assertError(() -> c.create(b + "/eph/kid", null, OPEN, CreateMode.PERSISTENT),
                ArborException.NoChildrenForEphemeralsException.class, ErrorCode.NO_CHILDREN_FOR_EPHEMERALS,
                b + "/eph/kid");
        // "auth" with no authenticated identity cannot be fixed up
        assertError(() -> c.create(b + "/creator", null, Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT),
                ArborException.InvalidAclException.class, ErrorCode.INVALID_ACL, b + "/creator");
        // the error of an async call is the same type, inside the future
        assertThat(c.getDataAsync(b + "/none")).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ArborException.NoNodeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void afterCloseOperationsFailWithSessionExpired(String server) {
        ArborClient c = client(connectString(server));
        c.close();
        assertError(() -> c.exists("/"), ArborException.SessionExpiredException.class, ErrorCode.SESSION_EXPIRED, "/");
    }

    @org.junit.jupiter.api.Test
    void noServerMeansConnectionLoss() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // a request waits for a connection up to the request timeout, then fails as never sent
        ArborClient c = ArborClient.builder().connectString("127.0.0.1:" + port).sessionTimeout(Duration.ofSeconds(10))
                .requestTimeout(Duration.ofMillis(500)).build();
        clients.add(c);
        long start = System.nanoTime();
        assertError(() -> c.exists("/x"), ArborException.ConnectionLossException.class, ErrorCode.CONNECTION_LOSS,
                "/x");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void chrootMapsPathsBothWays(String server, TestInfo info) throws Exception {
        ArborClient root = client(connectString(server));
        String b = base(root, info);
        ArborClient app = client(connectString(server) + b);

        assertThat(app.create("/x", bytes("v"), OPEN, CreateMode.PERSISTENT)).isEqualTo("/x");
        assertThat(root.getData(b + "/x").data()).isEqualTo(bytes("v"));
        assertThat(app.create2("/q-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL).path()).matches("/q-\\d{10}");
        assertThat(app.getChildren("/")).contains("x");
        assertThat(app.exists("/").orElseThrow()).isEqualTo(root.exists(b).orElseThrow());
        assertError(() -> app.getData("/nope"), ArborException.NoNodeException.class, ErrorCode.NO_NODE, "/nope");

        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        app.getData("/x", events::add);
        root.setData(b + "/x", bytes("w"), -1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());
        assertThat(events).usingRecursiveFieldByFieldElementComparatorIgnoringFields("zxid").containsExactly(
                new WatchEvent(WatchEvent.Type.NODE_DATA_CHANGED, WatchEvent.State.SYNC_CONNECTED, "/x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void watchFiresOnceWithTheRightEvent(String server, TestInfo info) throws Exception {
        ArborClient c = client(connectString(server));
        ArborClient other = client(connectString(server));
        String b = base(c, info);
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();

        assertThat(c.exists(b + "/w", e -> {
            events.add(e);
            threads.add(Thread.currentThread().getName());
        })).isEmpty();
        other.create(b + "/w", null, OPEN, CreateMode.PERSISTENT);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertThat(events.get(0)).usingRecursiveComparison().ignoringFields("zxid").isEqualTo(
                new WatchEvent(WatchEvent.Type.NODE_CREATED, WatchEvent.State.SYNC_CONNECTED, b + "/w"));
        assertThat(threads.get(0)).startsWith("arbor-client-events");

        c.getChildren(b + "/w", events::add);
        other.setData(b + "/w", bytes("1"), -1); // fires nothing: the exists watch was used up
        other.create(b + "/w/k", null, OPEN, CreateMode.PERSISTENT);
        other.create(b + "/w/k2", null, OPEN, CreateMode.PERSISTENT); // the child watch is used up too
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        assertThat(events.get(1)).usingRecursiveComparison().ignoringFields("zxid").isEqualTo(
                new WatchEvent(WatchEvent.Type.NODE_CHILDREN_CHANGED, WatchEvent.State.SYNC_CONNECTED, b + "/w"));
        // a round trip after the writes: any extra event would have arrived before its answer
        c.sync(b);
        c.exists(b);
        assertThat(events).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void asyncCallbacksCompleteInOrder(String server, TestInfo info) throws Exception {
        ArborClient c = client(connectString(server));
        String b = base(c, info);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            CompletableFuture<?> f = (i % 2 == 0
                    ? c.createAsync(b + "/n" + i, null, OPEN, CreateMode.PERSISTENT)
                    : c.existsAsync(b + "/n" + (i - 1)))
                    .whenComplete((r, e) -> order.add(n));
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(i);
        }
        assertThat(order).isEqualTo(expected);
        // each exists was answered after the create before it (FIFO per session)
        for (int i = 1; i < 200; i += 2) {
            @SuppressWarnings("unchecked")
            Optional<Stat> s = (Optional<Stat>) all.get(i).get();
            assertThat(s).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void closeEndsTheSession(String server, TestInfo info) throws Exception {
        ArborClient observer = client(connectString(server));
        String b = base(observer, info);
        ArborClient c = client(connectString(server));
        c.create(b + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        List<WatchEvent> deleted = new CopyOnWriteArrayList<>();
        observer.exists(b + "/eph", deleted::add);

        c.close();
        // close() waited for closeSession's answer: the ephemeral is already gone
        assertThat(observer.exists(b + "/eph")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> deleted.size() == 1);
        assertThat(deleted.get(0).type()).isEqualTo(WatchEvent.Type.NODE_DELETED);
    }

    private static void assertError(ThrowingCallable call, Class<? extends ArborException> type, int code, String path) {
        assertThatThrownBy(call).isInstanceOf(type)
                .satisfies(e -> {
                    assertThat(((ArborException) e).code()).isEqualTo(code);
                    assertThat(((ArborException) e).path()).isEqualTo(path);
                });
    }
}
