package io.arbor.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arbor.client.AddWatchMode;
import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.ConnectionState;
import io.arbor.client.WatchEvent;
import io.arbor.client.Watcher;
import io.arbor.client.WatcherType;
import io.arbor.it.TcpProxy;
import io.arbor.protocol.CreateMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * removeWatches and removeAllWatches as ZooKeeper 3.9 defines them, against Arbor and Apache ZooKeeper alike: only
 * the named watcher's watches go, it is told with a ...WatchRemoved event, NoWatcher when it holds none, and
 * {@code local} removes here while disconnected. One scenario runs with the stock ZooKeeper client too, and both
 * clients must tell their watchers the same events.
 */
class ArborClientWatchRemovalTest extends AgainstBothServers {
    private static final int NO_WATCHER = -121;

    /** What each named watcher heard about nodes, as "type state path" codes (state-change events left out). */
    private static final class Heard {
        final Map<String, List<String>> byWatcher = new ConcurrentHashMap<>();

        Watcher ours(String name) {
            List<String> list = list(name);
            return e -> {
                if (e.type() != WatchEvent.Type.NONE) {
                    list.add(e.type().code + " " + e.state().code + " " + e.path());
                }
            };
        }

        org.apache.zookeeper.Watcher stock(String name) {
            List<String> list = list(name);
            return e -> {
                if (e.getType() != org.apache.zookeeper.Watcher.Event.EventType.None) {
                    list.add(e.getType().getIntValue() + " " + e.getState().getIntValue() + " " + e.getPath());
                }
            };
        }

        List<String> list(String name) {
            return byWatcher.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
        }

        int total() {
            return byWatcher.values().stream().mapToInt(List::size).sum();
        }
    }

    private static String event(WatchEvent.Type type, WatchEvent.State state, String path) {
        return type.code + " " + state.code + " " + path;
    }

    private static String connected(WatchEvent.Type type, String path) {
        return event(type, WatchEvent.State.SYNC_CONNECTED, path);
    }

    private ArborClient client(String connectString) {
        ArborClient c = ArborClient.builder().connectString(connectString).sessionTimeout(Duration.ofSeconds(4))
                .build();
        closeAfter.add(c);
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void onlyTheNamedWatcherLosesItsWatchAndIsToldOfIt(String server) throws Exception {
        ArborClient c = client(servers.connectString(server));
        ArborClient other = client(servers.connectString(server));
        String n = other.create("/wr" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        Heard heard = new Heard();
        Watcher a = heard.ours("a");
        Watcher b = heard.ours("b");
        c.getData(n, a);
        c.exists(n, b);
        c.getChildren(n, a);

        c.removeWatches(n, a, WatcherType.DATA, false);
        assertThat(heard.list("a")).containsExactly(connected(WatchEvent.Type.DATA_WATCH_REMOVED, n));

        // b's data watch on the same node still fires, and a keeps its child watch
        other.setData(n, bytes("1"), -1);
        other.create(n + "/k", null, OPEN, CreateMode.PERSISTENT);
        await().atMost(WAIT).until(() -> heard.total() == 3);
        c.getData(n); // a read after both changes: any event for them was delivered before its answer
        assertThat(heard.list("a")).containsExactly(connected(WatchEvent.Type.DATA_WATCH_REMOVED, n),
                connected(WatchEvent.Type.NODE_CHILDREN_CHANGED, n));
        assertThat(heard.list("b")).containsExactly(connected(WatchEvent.Type.NODE_DATA_CHANGED, n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aWatcherWithoutSuchAWatchGetsNoWatcherCheckedHereBeforeAnythingIsSent(String server) throws Exception {
        TcpProxy proxy = new TcpProxy(servers.port(server));
        closeAfter.add(proxy);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        ArborClient c = ArborClient.builder().connectString(proxy.connectString())
                .sessionTimeout(Duration.ofSeconds(4)).connectionStateListener((x, s) -> states.add(s)).build();
        closeAfter.add(c);
        String n = c.create("/wr" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        Heard heard = new Heard();
        Watcher persistent = heard.ours("p");
        c.addWatch(n, AddWatchMode.PERSISTENT, persistent);

        assertThatThrownBy(() -> c.removeWatches(n, heard.ours("never"), WatcherType.ANY, false))
                .isInstanceOf(ArborException.NoWatcherException.class).hasMessageContaining(n);
        // a persistent watch is neither a data nor a child watch, nor a recursive one
        for (WatcherType t : List.of(WatcherType.DATA, WatcherType.CHILDREN, WatcherType.PERSISTENT_RECURSIVE)) {
            assertThatThrownBy(() -> c.removeWatches(n, persistent, t, false))
                    .isInstanceOf(ArborException.NoWatcherException.class);
        }
        assertThatThrownBy(() -> c.removeAllWatches(n + "-none", WatcherType.ANY, false))
                .isInstanceOf(ArborException.NoWatcherException.class);
        assertThatThrownBy(() -> c.removeWatches(n, null, WatcherType.DATA, false))
                .isInstanceOf(IllegalArgumentException.class);

        // with no server to ask the answer is still NoWatcher, at once: it was decided here
        proxy.cut();
        await().atMost(WAIT).until(() -> states.contains(ConnectionState.SUSPENDED));
        CompletableFuture<Void> removal = c.removeWatchesAsync(n, heard.ours("never"), WatcherType.DATA, false);
        assertThatThrownBy(() -> removal.get(2, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ArborException.NoWatcherException.class);
        proxy.heal();
        await().atMost(WAIT).until(() -> states.contains(ConnectionState.RECONNECTED));
        // the persistent watch was not touched by any of it
        c.create(n + "/k", null, OPEN, CreateMode.PERSISTENT);
        await().atMost(WAIT).until(() -> heard.list("p").size() == 1);
        assertThat(heard.list("p")).containsExactly(connected(WatchEvent.Type.NODE_CHILDREN_CHANGED, n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void persistentAndRecursiveWatchersAreRemovedOneByOne(String server) throws Exception {
        ArborClient c = client(servers.connectString(server));
        ArborClient other = client(servers.connectString(server));
        String n = other.create("/wr" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        Heard heard = new Heard();
        Watcher p1 = heard.ours("p1");
        Watcher p2 = heard.ours("p2");
        Watcher r1 = heard.ours("r1");
        Watcher r2 = heard.ours("r2");
        c.addWatch(n, AddWatchMode.PERSISTENT, p1);
        c.addWatch(n, AddWatchMode.PERSISTENT, p2);
        c.addWatch(n, AddWatchMode.PERSISTENT_RECURSIVE, r1);
        c.addWatch(n, AddWatchMode.PERSISTENT_RECURSIVE, r2);

        c.removeWatches(n, p1, WatcherType.PERSISTENT, false);
        c.removeWatchesAsync(n, r1, WatcherType.PERSISTENT_RECURSIVE, false).get(10, TimeUnit.SECONDS);
        other.setData(n, bytes("1"), -1);
        other.create(n + "/k", null, OPEN, CreateMode.PERSISTENT);
        await().atMost(WAIT).until(() -> heard.total() == 6);
        c.getData(n + "/k");
        String removed = connected(WatchEvent.Type.PERSISTENT_WATCH_REMOVED, n);
        assertThat(heard.list("p1")).containsExactly(removed);
        assertThat(heard.list("r1")).containsExactly(removed);
        assertThat(heard.list("p2")).containsExactly(connected(WatchEvent.Type.NODE_DATA_CHANGED, n),
                connected(WatchEvent.Type.NODE_CHILDREN_CHANGED, n));
        assertThat(heard.list("r2")).containsExactly(connected(WatchEvent.Type.NODE_DATA_CHANGED, n),
                connected(WatchEvent.Type.NODE_CREATED, n + "/k"));

        // removeAllWatches takes every watcher's, here and on the server
        c.removeAllWatches(n, WatcherType.ANY, false);
        other.setData(n + "/k", bytes("2"), -1);
        other.setData(n, bytes("3"), -1);
        c.getData(n);
        assertThat(heard.list("p2")).hasSize(3).endsWith(removed);
        assertThat(heard.list("r2")).hasSize(3).endsWith(removed);
        assertThatThrownBy(() -> c.removeAllWatches(n, WatcherType.ANY, false))
                .isInstanceOf(ArborException.NoWatcherException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void localRemovalWorksWhileDisconnectedAndAServerRemovalWaitsForTheConnection(String server) throws Exception {
        ArborClient other = client(servers.connectString(server));
        String n = other.create("/wr" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        TcpProxy proxy = new TcpProxy(servers.port(server));
        closeAfter.add(proxy);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        ArborClient c = ArborClient.builder().connectString(proxy.connectString())
                .sessionTimeout(Duration.ofSeconds(6)).connectionStateListener((x, s) -> states.add(s)).build();
        closeAfter.add(c);
        Heard heard = new Heard();
        Watcher a = heard.ours("a");
        Watcher b = heard.ours("b");
        c.exists(n, a);
        c.getChildren(n, a);
        c.getData(n, b);

        proxy.cut();
        await().atMost(WAIT).until(() -> states.contains(ConnectionState.SUSPENDED));
        // local: done here at once, the watcher told of each kind it lost, with the state it was in
        c.removeWatchesAsync(n, a, WatcherType.ANY, true).get(2, TimeUnit.SECONDS);
        assertThat(heard.list("a")).containsExactlyInAnyOrder(
                event(WatchEvent.Type.DATA_WATCH_REMOVED, WatchEvent.State.DISCONNECTED, n),
                event(WatchEvent.Type.CHILD_WATCH_REMOVED, WatchEvent.State.DISCONNECTED, n));
        // not local: it needs the server, and waits in the queue for the connection
        CompletableFuture<Void> asked = c.removeWatchesAsync(n, b, WatcherType.DATA, false);
        assertThat(heard.list("b")).isEmpty();
        assertThat(asked).isNotDone();

        proxy.heal();
        asked.get(10, TimeUnit.SECONDS);
        assertThat(heard.list("b")).containsExactly(connected(WatchEvent.Type.DATA_WATCH_REMOVED, n));
        // the same session, and neither watcher hears of later changes
        assertThat(states).containsExactly(ConnectionState.CONNECTED, ConnectionState.SUSPENDED,
                ConnectionState.RECONNECTED);
        other.setData(n, bytes("1"), -1);
        other.create(n + "/k", null, OPEN, CreateMode.PERSISTENT);
        c.getChildren(n);
        assertThat(heard.list("a")).hasSize(2);
        assertThat(heard.list("b")).hasSize(1);
    }

    /** The scenario both clients run; the stock client's watchers must hear what the Arbor client's hear. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theWatchersHearWhatTheStockClientsWatchersHear(String server) throws Exception {
        ArborClient other = client(servers.connectString(server));
        Heard ours = new Heard();
        String n1 = other.create("/wr" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        List<Integer> ourErrors = new ArrayList<>();
        ArborClient c = client(servers.connectString(server));
        {
            Watcher a = ours.ours("a");
            Watcher b = ours.ours("b");
            Watcher p = ours.ours("p");
            Watcher r = ours.ours("r");
            c.exists(n1, a);
            c.getChildren(n1, a);
            c.getData(n1, b);
            c.getChildren(n1, b);
            c.addWatch(n1, AddWatchMode.PERSISTENT, p);
            c.addWatch(n1, AddWatchMode.PERSISTENT_RECURSIVE, r);
            c.removeWatches(n1, a, WatcherType.DATA, false);
            c.removeWatches(n1, b, WatcherType.ANY, false);
            c.removeWatches(n1, p, WatcherType.PERSISTENT, false);
            for (WatcherType t : List.of(WatcherType.PERSISTENT, WatcherType.DATA)) {
                try {
                    c.removeWatches(n1, t == WatcherType.DATA ? r : p, t, false);
                } catch (ArborException e) {
                    ourErrors.add(e.code());
                }
            }
            other.setData(n1, bytes("1"), -1);
            other.create(n1 + "/k", null, OPEN, CreateMode.PERSISTENT);
            c.getChildren(n1, b);
            c.removeAllWatches(n1, WatcherType.ANY, false);
            other.setData(n1 + "/k", bytes("2"), -1);
            c.getData(n1 + "/k");
        }

        Heard stock = new Heard();
        String n2 = other.create("/wr" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        List<Integer> stockErrors = new ArrayList<>();
        ZooKeeper zk = stockClient(servers.connectString(server));
        try {
            org.apache.zookeeper.Watcher a = stock.stock("a");
            org.apache.zookeeper.Watcher b = stock.stock("b");
            org.apache.zookeeper.Watcher p = stock.stock("p");
            org.apache.zookeeper.Watcher r = stock.stock("r");
            zk.exists(n2, a);
            zk.getChildren(n2, a);
            zk.getData(n2, b, null);
            zk.getChildren(n2, b);
            zk.addWatch(n2, p, org.apache.zookeeper.AddWatchMode.PERSISTENT);
            zk.addWatch(n2, r, org.apache.zookeeper.AddWatchMode.PERSISTENT_RECURSIVE);
            zk.removeWatches(n2, a, org.apache.zookeeper.Watcher.WatcherType.Data, false);
            zk.removeWatches(n2, b, org.apache.zookeeper.Watcher.WatcherType.Any, false);
            zk.removeWatches(n2, p, org.apache.zookeeper.Watcher.WatcherType.Persistent, false);
            for (var t : List.of(org.apache.zookeeper.Watcher.WatcherType.Persistent,
                    org.apache.zookeeper.Watcher.WatcherType.Data)) {
                try {
                    zk.removeWatches(n2, t == org.apache.zookeeper.Watcher.WatcherType.Data ? r : p, t, false);
                } catch (KeeperException e) {
                    stockErrors.add(e.code().intValue());
                }
            }
            other.setData(n2, bytes("1"), -1);
            other.create(n2 + "/k", null, OPEN, CreateMode.PERSISTENT);
            zk.getChildren(n2, b);
            zk.removeAllWatches(n2, org.apache.zookeeper.Watcher.WatcherType.Any, false);
            other.setData(n2 + "/k", bytes("2"), -1);
            // the stock client runs watchers on its own thread: a callback queued behind them is the barrier
            CountDownLatch barrier = new CountDownLatch(1);
            zk.getData(n2 + "/k", false, (rc, path, ctx, data, stat) -> barrier.countDown(), null);
            assertThat(barrier.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            zk.close();
        }

        assertThat(ourErrors).containsExactly(NO_WATCHER, NO_WATCHER);
        assertThat(stockErrors).isEqualTo(ourErrors);
        // what was expected, spelled out, then the stock client's watchers compared with the same paths
        assertThat(ours.list("a")).containsExactly(connected(WatchEvent.Type.DATA_WATCH_REMOVED, n1),
                connected(WatchEvent.Type.NODE_CHILDREN_CHANGED, n1));
        assertThat(ours.list("b")).containsExactlyInAnyOrder(connected(WatchEvent.Type.DATA_WATCH_REMOVED, n1),
                connected(WatchEvent.Type.CHILD_WATCH_REMOVED, n1), connected(WatchEvent.Type.CHILD_WATCH_REMOVED, n1));
        assertThat(ours.list("p")).containsExactly(connected(WatchEvent.Type.PERSISTENT_WATCH_REMOVED, n1));
        assertThat(ours.list("r")).containsExactly(connected(WatchEvent.Type.NODE_DATA_CHANGED, n1),
                connected(WatchEvent.Type.NODE_CREATED, n1 + "/k"),
                connected(WatchEvent.Type.PERSISTENT_WATCH_REMOVED, n1));
        for (String w : List.of("a", "b", "p", "r")) {
            List<String> stockHeard = stock.list(w).stream().map(e -> e.replace(n2, n1)).toList();
            assertThat(stockHeard).as("watcher " + w).containsExactlyInAnyOrderElementsOf(ours.list(w));
        }
    }

    private static ZooKeeper stockClient(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 4000, e -> {
            if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
        return zk;
    }
}
