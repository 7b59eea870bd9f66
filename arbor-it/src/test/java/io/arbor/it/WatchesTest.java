package io.arbor.it;

import static io.arbor.it.Poll.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** One-shot watches (exists, getData, getChildren) as ZooKeeper 3.9 delivers them, through the stock client. */
class WatchesTest extends WatchTestBase {
    @AutoClose
    static final ArborTestServer server = ArborTestServer.start();

    WatchesTest() {
        super(server, "/w");
    }

    /** The zxid of the last change to {@code parent}'s child list (a create or delete below it). */
    private long pzxidOf(String parent) throws Exception {
        return changing.exists(parent, false).getPzxid();
    }

    private static void assertEvent(WatchedEvent e, EventType type, String path, long zxid) {
        assertThat(e.getType()).isEqualTo(type);
        assertThat(e.getPath()).isEqualTo(path);
        assertThat(e.getState()).isEqualTo(KeeperState.SyncConnected);
        assertThat(e.getZxid()).as("zxid of the txn that fired %s on %s", type, path).isEqualTo(zxid);
    }

    @Test
    void getDataWatchFiresNodeDataChangedWithTheZxidOfTheSetData() throws Exception {
        String p = base + "/node";
        create(p);
        RecordingWatcher w = new RecordingWatcher();
        watching.getData(p, w, null);

        Stat after = changing.setData(p, bytes("v1"), -1);

        WatchedEvent e = w.await(EventType.NodeDataChanged, p);
        assertEvent(e, EventType.NodeDataChanged, p, after.getMzxid());
    }

    @Test
    void existsOnAMissingNodeLeavesAWatchThatFiresNodeCreated() throws Exception {
        String p = base + "/later";
        RecordingWatcher w = new RecordingWatcher();
        assertThat(watching.exists(p, w)).isNull();

        Stat created = create(p);

        assertEvent(w.await(EventType.NodeCreated, p), EventType.NodeCreated, p, created.getCzxid());
    }

    @Test
    void existsAndGetDataWatchesFireNodeDeletedOnDelete() throws Exception {
        String p = base + "/doomed";
        create(p);
        RecordingWatcher byExists = new RecordingWatcher();
        RecordingWatcher byGetData = new RecordingWatcher();
        assertThat(watching.exists(p, byExists)).isNotNull();
        watching.getData(p, byGetData, null);

        changing.delete(p, -1);
        long deleteZxid = pzxidOf(base);

        assertEvent(byExists.await(EventType.NodeDeleted, p), EventType.NodeDeleted, p, deleteZxid);
        assertEvent(byGetData.await(EventType.NodeDeleted, p), EventType.NodeDeleted, p, deleteZxid);
    }

    @Test
    void childWatchFiresNodeChildrenChangedOnChildCreateAndDelete() throws Exception {
        RecordingWatcher onCreate = new RecordingWatcher();
        assertThat(watching.getChildren(base, onCreate)).isEmpty();

        String child = base + "/c";
        create(child);

        assertEvent(onCreate.await(EventType.NodeChildrenChanged, base), EventType.NodeChildrenChanged, base,
                pzxidOf(base));

        RecordingWatcher onDelete = new RecordingWatcher();
        assertThat(watching.getChildren(base, onDelete)).containsExactly("c");
        changing.delete(child, -1);

        assertEvent(onDelete.await(EventType.NodeChildrenChanged, base), EventType.NodeChildrenChanged, base,
                pzxidOf(base));
        EventBarrier.pass(watching, changing);
        assertThat(onCreate.nodeEvents()).hasSize(1);
    }

    @Test
    void childWatchFiresNodeDeletedWhenItsNodeIsDeleted() throws Exception {
        String p = base + "/parent";
        create(p);
        RecordingWatcher w = new RecordingWatcher();
        watching.getChildren(p, w);

        changing.delete(p, -1);

        assertEvent(w.await(EventType.NodeDeleted, p), EventType.NodeDeleted, p, pzxidOf(base));
        EventBarrier.pass(watching, changing);
        assertThat(w.nodeEvents()).hasSize(1);
    }

    @Test
    void childWatchIgnoresDataChangesAndGrandchildren() throws Exception {
        String p = base + "/parent";
        create(p);
        create(p + "/kid");
        RecordingWatcher w = new RecordingWatcher();
        watching.getChildren(p, w);

        changing.setData(p, bytes("x"), -1);
        changing.setData(p + "/kid", bytes("x"), -1);
        create(p + "/kid/grandchild");
        EventBarrier.pass(watching, changing);

        assertThat(w.nodeEvents()).isEmpty();
    }

    @Test
    void dataWatchIgnoresChildChanges() throws Exception {
        RecordingWatcher w = new RecordingWatcher();
        watching.getData(base, w, null);

        create(base + "/kid");
        EventBarrier.pass(watching, changing);

        assertThat(w.nodeEvents()).isEmpty();
    }

    @Test
    void aWatchFiresOnlyOnce() throws Exception {
        String p = base + "/node";
        create(p);
        RecordingWatcher w = new RecordingWatcher();
        watching.getData(p, w, null);

        changing.setData(p, bytes("1"), -1);
        changing.setData(p, bytes("2"), -1);
        changing.delete(p, -1);
        EventBarrier.pass(watching, changing);

        assertThat(w.nodeEvents()).extracting(WatchedEvent::getType).containsExactly(EventType.NodeDataChanged);
    }

    @Test
    void oneEventPerTriggerEvenWhenRegisteredBySeveralCalls() throws Exception {
        // The same watcher object set through exists, getData and getChildren on one node: on delete the server
        // owes the connection one NodeDeleted, and the client calls the watcher once.
        String p = base + "/node";
        create(p);
        RecordingWatcher w = new RecordingWatcher();
        watching.exists(p, w);
        watching.getData(p, w, null);
        watching.getData(p, w, null);
        watching.getChildren(p, w);

        changing.delete(p, -1);
        EventBarrier.pass(watching, changing);

        assertThat(w.nodeEvents()).extracting(WatchedEvent::getType).containsExactly(EventType.NodeDeleted);
    }

    @Test
    void oneNotificationPerTriggerForTheConnection() throws Exception {
        // A persistent watcher stays registered in the client, so a duplicate notification from the server
        // would reach it twice: one-shot watches set by several calls must not make the server send more.
        String p = base + "/node";
        create(p);
        RecordingWatcher persistent = new RecordingWatcher();
        watching.addWatch(p, persistent, AddWatchMode.PERSISTENT);
        RecordingWatcher oneShot = new RecordingWatcher();
        watching.exists(p, oneShot);
        watching.getData(p, oneShot, null);
        watching.getData(p, true, null);

        changing.setData(p, bytes("x"), -1);
        EventBarrier.pass(watching, changing);

        assertThat(persistent.nodeEvents()).extracting(WatchedEvent::getType)
                .containsExactly(EventType.NodeDataChanged);
        assertThat(oneShot.nodeEvents()).extracting(WatchedEvent::getType)
                .containsExactly(EventType.NodeDataChanged);
    }

    @Test
    void setAclFiresNothing() throws Exception {
        String p = base + "/node";
        create(p);
        RecordingWatcher w = new RecordingWatcher();
        watching.exists(p, w);
        watching.getData(p, w, null);
        watching.getChildren(p, w);
        RecordingWatcher parent = new RecordingWatcher();
        watching.getChildren(base, parent);

        changing.setACL(p, ZooDefs.Ids.OPEN_ACL_UNSAFE, -1);
        EventBarrier.pass(watching, changing);
        assertThat(w.nodeEvents()).isEmpty();
        assertThat(parent.nodeEvents()).isEmpty();

        // ...and the watches are still there
        Stat changed = changing.setData(p, bytes("x"), -1);
        assertEvent(w.await(EventType.NodeDataChanged, p), EventType.NodeDataChanged, p, changed.getMzxid());
    }

    @Test
    void ephemeralsRemovedWhenTheirSessionClosesFireNodeDeletedAndNodeChildrenChanged() throws Exception {
        String p = base + "/eph";
        ZooKeeper owner = server.client();
        owner.create(p, NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        RecordingWatcher node = new RecordingWatcher();
        RecordingWatcher children = new RecordingWatcher();
        assertThat(watching.exists(p, node)).isNotNull();
        assertThat(watching.getChildren(base, children)).containsExactly("eph");

        owner.close();

        long closeZxid = pzxidOf(base);
        assertEvent(node.await(EventType.NodeDeleted, p), EventType.NodeDeleted, p, closeZxid);
        assertEvent(children.await(EventType.NodeChildrenChanged, base), EventType.NodeChildrenChanged, base,
                closeZxid);
        assertThat(changing.exists(p, false)).isNull();
    }

    @Test
    void anEventArrivesBeforeTheResponseOfALaterReadThatShowsTheChange() throws Exception {
        // The watcher and the async callback both run on the client's event thread, in the order their
        // messages arrived, so the list shows the order in which the server sent them. Odd rounds race the
        // write against the read (async write); even rounds wait for the write, so the read surely shows it.
        String p = base + "/x";
        create(p);
        int revealing = 0;
        for (int round = 0; round < 40; round++) {
            List<String> order = new CopyOnWriteArrayList<>();
            Stat before = new Stat();
            watching.getData(p, e -> order.add("event " + e.getType()), before);

            if (round % 2 == 0) {
                changing.setData(p, bytes("r" + round), -1);
            } else {
                changing.setData(p, bytes("r" + round), -1, (rc, path, ctx, stat) -> { }, null);
            }
            List<Integer> seenVersion = new CopyOnWriteArrayList<>();
            watching.getData(p, false, (rc, path, ctx, data, stat) -> {
                seenVersion.add(stat.getVersion());
                order.add("response");
            }, null);

            await().until(() -> order.size() == 2);
            if (seenVersion.get(0) > before.getVersion()) {
                revealing++;
                assertThat(order).as("round %d", round)
                        .containsExactly("event " + EventType.NodeDataChanged, "response");
            }
        }
        assertThat(revealing).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aWatcherWithoutReadPermissionGetsNoEvent() throws Exception {
        changing.addAuthInfo("digest", bytes("owner:secret"));
        ZooKeeper sameUser = server.client();
        sameUser.addAuthInfo("digest", bytes("owner:secret"));
        try {
            String hidden = base + "/hidden";
            RecordingWatcher stranger = new RecordingWatcher();
            RecordingWatcher owner = new RecordingWatcher();
            assertThat(watching.exists(hidden, stranger)).isNull();
            assertThat(sameUser.exists(hidden, owner)).isNull();

            changing.create(hidden, NONE, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);

            owner.await(EventType.NodeCreated, hidden);
            EventBarrier.pass(watching, changing);
            assertThat(stranger.nodeEvents()).isEmpty();

            // READ taken away after the watch was set: the change is not shown to the watcher
            String open = base + "/open";
            create(open);
            RecordingWatcher strangerData = new RecordingWatcher();
            watching.getData(open, strangerData, null);
            changing.setACL(open, ZooDefs.Ids.CREATOR_ALL_ACL, -1);
            changing.setData(open, bytes("secret"), -1);
            EventBarrier.pass(watching, changing);
            assertThat(strangerData.nodeEvents()).isEmpty();
        } finally {
            sameUser.close();
        }
    }

    @Test
    void eventsOfManyNodesAllArriveWithTheirOwnPaths() throws Exception {
        List<String> paths = new ArrayList<>();
        RecordingWatcher w = new RecordingWatcher();
        for (int i = 0; i < 20; i++) {
            String p = base + "/n" + i;
            create(p);
            watching.getData(p, w, null);
            paths.add(p);
        }
        for (String p : paths) {
            changing.setData(p, bytes("x"), -1);
        }
        EventBarrier.pass(watching, changing);
        assertThat(w.nodeEvents()).extracting(WatchedEvent::getPath).containsExactlyElementsOf(paths);
        assertThat(w.nodeEvents()).extracting(WatchedEvent::getType).containsOnly(EventType.NodeDataChanged);
    }

    @Test
    void afterAReconnectSetWatchesFiresWhatWasMissedAndReRegistersTheRest() throws Exception {
        String changed = base + "/changed";
        String deleted = base + "/deleted";
        String created = base + "/created";
        String kids = base + "/kids";
        String kidsGone = base + "/kids-gone";
        String quiet = base + "/quiet";
        String quietMissing = base + "/quiet-missing";
        String quietKids = base + "/quiet-kids";
        for (String p : List.of(changed, deleted, kids, kidsGone, quiet, quietKids)) {
            create(p);
        }
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            RecordingWatcher session = new RecordingWatcher();
            ZooKeeper viaProxy = server.client(proxy.connectString(), 4000, session);
            try {
                RecordingWatcher w = new RecordingWatcher();
                viaProxy.getData(changed, w, null);
                viaProxy.getData(deleted, w, null);
                assertThat(viaProxy.exists(created, w)).isNull();
                viaProxy.getChildren(kids, w);
                viaProxy.getChildren(kidsGone, w);
                viaProxy.getData(quiet, w, null);
                assertThat(viaProxy.exists(quietMissing, w)).isNull();
                viaProxy.getChildren(quietKids, w);

                proxy.cut();
                session.awaitState(KeeperState.Disconnected);
                changing.setData(changed, bytes("missed"), -1);
                changing.delete(deleted, -1);
                create(created);
                create(kids + "/c");
                changing.delete(kidsGone, -1);
                proxy.heal();
                session.awaitState(KeeperState.SyncConnected, 2);

                // replayed by the server on setWatches: no txn fired them, so they carry no zxid
                long none = WatchedEvent.NO_ZXID;
                assertEvent(w.await(EventType.NodeDataChanged, changed), EventType.NodeDataChanged, changed, none);
                assertEvent(w.await(EventType.NodeDeleted, deleted), EventType.NodeDeleted, deleted, none);
                assertEvent(w.await(EventType.NodeCreated, created), EventType.NodeCreated, created, none);
                assertEvent(w.await(EventType.NodeChildrenChanged, kids), EventType.NodeChildrenChanged, kids,
                        none);
                assertEvent(w.await(EventType.NodeDeleted, kidsGone), EventType.NodeDeleted, kidsGone, none);

                // the others were registered again and fire on the next change
                long quietSet = changing.setData(quiet, bytes("now"), -1).getMzxid();
                long quietCreated = create(quietMissing).getCzxid();
                create(quietKids + "/c");
                assertEvent(w.await(EventType.NodeDataChanged, quiet), EventType.NodeDataChanged, quiet, quietSet);
                assertEvent(w.await(EventType.NodeCreated, quietMissing), EventType.NodeCreated, quietMissing,
                        quietCreated);
                assertEvent(w.await(EventType.NodeChildrenChanged, quietKids), EventType.NodeChildrenChanged,
                        quietKids, pzxidOf(quietKids));

                EventBarrier.pass(viaProxy, changing);
                assertThat(w.nodeEvents()).hasSize(8);
            } finally {
                viaProxy.close();
            }
        }
    }

    @Test
    void thousandsOfWatchesComeBackAfterAReconnectInSeveralSetWatchesBatches() throws Exception {
        // the client splits setWatches into batches of about 128 KB; 3000 paths of ~120 bytes need three
        String dir = base + "/" + "d".repeat(100);
        int n = 3000;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths.add(dir + "/n" + i);
        }
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            RecordingWatcher session = new RecordingWatcher();
            ZooKeeper viaProxy = server.client(proxy.connectString(), 4000, session);
            try {
                RecordingWatcher w = new RecordingWatcher();
                CountDownLatch registered = new CountDownLatch(n);
                for (String p : paths) {
                    viaProxy.exists(p, w, (rc, path, ctx, stat) -> registered.countDown(), null);
                }
                assertThat(registered.await(10, TimeUnit.SECONDS)).isTrue();

                proxy.cut();
                session.awaitState(KeeperState.Disconnected);
                create(dir);
                List<String> createdWhileAway = new ArrayList<>();
                for (int i = 0; i < n; i += 150) {
                    create(paths.get(i));
                    createdWhileAway.add(paths.get(i));
                }
                proxy.heal();
                session.awaitState(KeeperState.SyncConnected, 2);

                for (String p : createdWhileAway) {
                    assertEvent(w.await(EventType.NodeCreated, p), EventType.NodeCreated, p, WatchedEvent.NO_ZXID);
                }
                List<String> createdAfter = new ArrayList<>();
                for (int i = 75; i < n; i += 150) {
                    Stat stat = create(paths.get(i));
                    createdAfter.add(paths.get(i));
                    assertEvent(w.await(EventType.NodeCreated, paths.get(i)), EventType.NodeCreated, paths.get(i),
                            stat.getCzxid());
                }
                EventBarrier.pass(viaProxy, changing);
                assertThat(w.nodeEvents()).hasSize(createdWhileAway.size() + createdAfter.size());
            } finally {
                viaProxy.close();
            }
        }
    }

    @Test
    void clientsThatSetTheirWatchAgainOnEveryEventNeverMissTheLastChange() throws Exception {
        // Each reader re-reads with a new watch on every event. If a change could slip between a read and
        // the watch it sets, a reader would be left behind for good; if events overtook or trailed replies,
        // a reader would see versions go backwards.
        String p = base + "/hot";
        create(p);
        int readers = 6;
        int writes = 300;
        List<ZooKeeper> clients = new ArrayList<>();
        List<AtomicInteger> lastSeen = new ArrayList<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        try {
            for (int r = 0; r < readers; r++) {
                ZooKeeper zk = server.client();
                clients.add(zk);
                AtomicInteger seen = new AtomicInteger(-1);
                lastSeen.add(seen);
                int reader = r;
                AsyncCallback.DataCallback onData = (rc, path, ctx, data, stat) -> {
                    int previous = seen.getAndSet(stat.getVersion());
                    if (stat.getVersion() < previous) {
                        violations.add("reader " + reader + " saw version " + stat.getVersion() + " after "
                                + previous);
                    }
                };
                Watcher again = new Watcher() {
                    @Override
                    public void process(WatchedEvent e) {
                        if (e.getType() == EventType.NodeDataChanged) {
                            zk.getData(p, this, onData, null);
                        }
                    }
                };
                zk.getData(p, again, onData, null);
            }
            for (int i = 0; i < writes - 1; i++) {
                changing.setData(p, bytes("w" + i), -1, (rc, path, ctx, stat) -> { }, null);
            }
            int last = changing.setData(p, bytes("last"), -1).getVersion();
            assertThat(last).isEqualTo(writes);

            await().until(() -> lastSeen.stream().allMatch(v -> v.get() == last));
            assertThat(violations).isEmpty();
        } finally {
            for (ZooKeeper zk : clients) {
                zk.close();
            }
        }
    }

    @Test
    void aReplayedEventOnAProtectedNodeReachesTheClientThatReAuthenticates() throws Exception {
        // After a reconnect the client sends its auth packets before setWatches: the replayed event is
        // filtered with the connection's credentials, so they must already be in place.
        changing.addAuthInfo("digest", bytes("owner:secret"));
        String p = base + "/protected";
        changing.create(p, NONE, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            RecordingWatcher session = new RecordingWatcher();
            ZooKeeper viaProxy = server.client(proxy.connectString(), 4000, session);
            try {
                viaProxy.addAuthInfo("digest", bytes("owner:secret"));
                RecordingWatcher w = new RecordingWatcher();
                viaProxy.getData(p, w, null);

                proxy.cut();
                session.awaitState(KeeperState.Disconnected);
                changing.setData(p, bytes("missed"), -1);
                proxy.heal();

                assertEvent(w.await(EventType.NodeDataChanged, p), EventType.NodeDataChanged, p,
                        WatchedEvent.NO_ZXID);
            } finally {
                viaProxy.close();
            }
        }
    }
}
