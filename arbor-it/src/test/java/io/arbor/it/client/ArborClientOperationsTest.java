package io.arbor.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arbor.client.AddWatchMode;
import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.OpResult;
import io.arbor.client.WatchEvent;
import io.arbor.client.WatcherType;
import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.Id;
import io.arbor.protocol.Perms;
import io.arbor.protocol.response.ClientInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.security.MessageDigest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rest of the 3.9 protocol through the Arbor client, against Arbor and Apache ZooKeeper alike. */
class ArborClientOperationsTest extends AgainstBothServers {


    private ArborClient client(String server) {
        ArborClient c = ArborClient.builder().connectString(servers.connectString(server))
                .sessionTimeout(Duration.ofSeconds(4)).build();
        closeAfter.add(c);
        return c;
    }

    private static String base(ArborClient c) throws Exception {
        return c.create("/op" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void transactionCommitsAllWithTypedResults(String server) throws Exception {
        ArborClient c = client(server);
        String b = base(c);
        c.create(b + "/old", bytes("o"), OPEN, CreateMode.PERSISTENT);
        c.create(b + "/kept", bytes("k"), OPEN, CreateMode.PERSISTENT);

        List<OpResult> results = c.transaction()
                .create(b + "/new", bytes("n"), OPEN, CreateMode.PERSISTENT)
                .setData(b + "/kept", bytes("k2"), 0)
                .check(b + "/kept", 1)
                .delete(b + "/old", 0)
                .commit();

        assertThat(results).hasSize(4);
        OpResult.Create created = (OpResult.Create) results.get(0);
        assertThat(created.path()).isEqualTo(b + "/new");
        assertThat(created.stat().dataLength()).isEqualTo(1);
        assertThat(((OpResult.SetData) results.get(1)).stat().version()).isEqualTo(1);
        assertThat(results.get(2)).isInstanceOf(OpResult.Check.class);
        assertThat(results.get(3)).isInstanceOf(OpResult.Delete.class);
        // one transaction, one zxid
        assertThat(created.stat().czxid()).isEqualTo(((OpResult.SetData) results.get(1)).stat().mzxid());
        assertThat(c.exists(b + "/old")).isEmpty();
        assertThat(c.getData(b + "/kept").data()).isEqualTo(bytes("k2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void failedTransactionAppliesNothingAndRaisesTheFirstError(String server) throws Exception {
        ArborClient c = client(server);
        String b = base(c);
        c.create(b + "/n", bytes("x"), OPEN, CreateMode.PERSISTENT);

        assertThatThrownBy(() -> c.transaction()
                .create(b + "/a", null, OPEN, CreateMode.PERSISTENT)
                .check(b + "/n", 5)
                .delete(b + "/n", -1)
                .commit())
                .isInstanceOf(ArborException.BadVersionException.class)
                .satisfies(e -> {
                    ArborException ae = (ArborException) e;
                    assertThat(ae.path()).isEqualTo(b + "/n");
                    assertThat(ae.results()).containsExactly(new OpResult.Error(ErrorCode.OK),
                            new OpResult.Error(ErrorCode.BAD_VERSION),
                            new OpResult.Error(ErrorCode.RUNTIME_INCONSISTENCY));
                });
        assertThat(c.exists(b + "/a")).isEmpty();
        assertThat(c.exists(b + "/n")).isPresent();
        // the async form fails the future the same way
        assertThat(c.transaction().delete(b + "/missing", -1).commitAsync()).failsWithin(WAIT)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ArborException.NoNodeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void readTransactionAnswersEachOpAlone(String server) throws Exception {
        ArborClient c = client(server);
        String b = base(c);
        c.create(b + "/d", bytes("data"), OPEN, CreateMode.PERSISTENT);
        List<OpResult> results = c.readTransaction().getData(b + "/d").getChildren(b).getData(b + "/none")
                .commitAsync().get(10, TimeUnit.SECONDS);
        assertThat(((OpResult.GetData) results.get(0)).data()).isEqualTo(bytes("data"));
        assertThat(((OpResult.GetChildren) results.get(1)).children()).containsExactly("d");
        assertThat(results.get(2)).isEqualTo(new OpResult.Error(ErrorCode.NO_NODE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void digestAuthGrantsAccessAndShowsInWhoAmI(String server) throws Exception {
        ArborClient owner = client(server);
        ArborClient stranger = client(server);
        String b = base(owner);
        owner.addAuth("digest", bytes("alice:secret"));
        String digest = "alice:" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA1").digest(bytes("alice:secret")));
        owner.create(b + "/private", bytes("p"), List.of(new Acl(Perms.ALL, new Id("digest", digest))),
                CreateMode.PERSISTENT);

        assertThat(owner.getData(b + "/private").data()).isEqualTo(bytes("p"));
        assertThatThrownBy(() -> stranger.getData(b + "/private")).isInstanceOf(ArborException.NoAuthException.class);
        assertThat(owner.whoAmIAsync().get(10, TimeUnit.SECONDS)).contains(new ClientInfo("digest", "alice"));
        assertThat(stranger.whoAmI()).extracting(ClientInfo::authScheme).doesNotContain("digest");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void persistentWatchesStayAndRecursiveOnesSeeBelow(String server) throws Exception {
        ArborClient c = client(server);
        ArborClient other = client(server);
        String b = base(c);
        List<WatchEvent> persistent = new CopyOnWriteArrayList<>();
        List<WatchEvent> recursive = new CopyOnWriteArrayList<>();
        c.addWatch(b, AddWatchMode.PERSISTENT, persistent::add);
        c.addWatchAsync(b, AddWatchMode.PERSISTENT_RECURSIVE, recursive::add).get(10, TimeUnit.SECONDS);

        other.create(b + "/k", null, OPEN, CreateMode.PERSISTENT);
        other.setData(b + "/k", bytes("1"), -1);
        other.setData(b, bytes("2"), -1);
        other.setData(b, bytes("3"), -1);
        await().atMost(WAIT).until(() -> persistent.size() == 3 && recursive.size() == 4);
        assertThat(persistent).extracting(WatchEvent::type, WatchEvent::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.NODE_CHILDREN_CHANGED, b),
                org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.NODE_DATA_CHANGED, b),
                org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.NODE_DATA_CHANGED, b));
        assertThat(recursive).extracting(WatchEvent::type, WatchEvent::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.NODE_CREATED, b + "/k"),
                org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.NODE_DATA_CHANGED, b + "/k"),
                org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.NODE_DATA_CHANGED, b),
                org.assertj.core.groups.Tuple.tuple(WatchEvent.Type.NODE_DATA_CHANGED, b));

        // removed on the server and here: the watcher is told, and hears nothing more
        c.removeAllWatches(b, WatcherType.PERSISTENT, false);
        await().atMost(WAIT).until(() -> persistent.size() == 4);
        assertThat(persistent.get(3).type()).isEqualTo(WatchEvent.Type.PERSISTENT_WATCH_REMOVED);
        other.setData(b, bytes("4"), -1);
        await().atMost(WAIT).until(() -> recursive.size() == 5);
        c.sync(b);
        assertThat(persistent).hasSize(4);
        assertThatThrownBy(() -> c.removeAllWatches(b, WatcherType.PERSISTENT, false))
                .isInstanceOf(ArborException.NoWatcherException.class);
        c.removeAllWatchesAsync(b, WatcherType.ANY, false).get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void oneShotWatchesCanBeRemoved(String server) throws Exception {
        ArborClient c = client(server);
        ArborClient other = client(server);
        String b = base(c);
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        c.getData(b, events::add);
        c.getChildren(b, events::add);
        c.removeAllWatches(b, WatcherType.DATA, false);
        await().atMost(WAIT).until(() -> events.size() == 1);
        assertThat(events.get(0)).isEqualTo(
                new WatchEvent(WatchEvent.Type.DATA_WATCH_REMOVED, WatchEvent.State.SYNC_CONNECTED, b));
        other.setData(b, bytes("x"), -1); // no data watch left
        other.create(b + "/c", null, OPEN, CreateMode.PERSISTENT); // the child watch is still there
        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(events.get(1).type()).isEqualTo(WatchEvent.Type.NODE_CHILDREN_CHANGED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void countsChildrenAtAnyDepthAndListsEphemerals(String server) throws Exception {
        ArborClient c = client(server);
        ArborClient other = client(server);
        String b = base(c);
        c.create(b + "/a", null, OPEN, CreateMode.PERSISTENT);
        c.create(b + "/a/x", null, OPEN, CreateMode.PERSISTENT);
        c.create(b + "/a/x/y", null, OPEN, CreateMode.EPHEMERAL);
        c.create(b + "/e", null, OPEN, CreateMode.EPHEMERAL);
        other.create(b + "/theirs", null, OPEN, CreateMode.EPHEMERAL);

        assertThat(c.getAllChildrenNumber(b)).isEqualTo(5);
        assertThat(c.getAllChildrenNumberAsync(b + "/a").get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(c.getEphemerals(b)).containsExactlyInAnyOrder(b + "/a/x/y", b + "/e");
        assertThat(c.getEphemeralsAsync(b + "/a").get(10, TimeUnit.SECONDS)).containsExactly(b + "/a/x/y");
        assertThatThrownBy(() -> c.getAllChildrenNumber(b + "/none")).isInstanceOf(ArborException.NoNodeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void ttlAndContainerNodesAreCreated(String server) throws Exception {
        ArborClient c = client(server);
        String b = base(c);
        var ttl = c.create2(b + "/ttl", bytes("t"), OPEN, CreateMode.PERSISTENT_WITH_TTL, 300);
        assertThat(ttl.path()).isEqualTo(b + "/ttl");
        var seq = c.create2Async(b + "/s-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 60_000)
                .get(10, TimeUnit.SECONDS);
        assertThat(seq.path()).matches(b + "/s-\\d{10}");
        assertThatThrownBy(() -> c.create2(b + "/bad", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, 0))
                .isInstanceOf(ArborException.BadArgumentsException.class);

        assertThat(c.getData(b + "/ttl").data()).isEqualTo(bytes("t"));

        // a container takes children like any node; its reaping is the server's business, not tested here
        assertThat(c.create(b + "/box", null, OPEN, CreateMode.CONTAINER)).isEqualTo(b + "/box");
        assertThat(c.create(b + "/box/item", null, OPEN, CreateMode.PERSISTENT)).isEqualTo(b + "/box/item");
        assertThat(c.getChildren(b + "/box")).containsExactly("item");
        assertThat(c.exists(seq.path())).isPresent();
    }
}
