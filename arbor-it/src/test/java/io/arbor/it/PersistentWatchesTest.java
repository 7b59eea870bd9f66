package io.arbor.it;

import static io.arbor.it.Poll.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Persistent and persistent-recursive watches (addWatch), removeWatches and checkWatches, through the stock
 * client and, where the client hides the server's answer, through a raw socket.
 */
class PersistentWatchesTest extends WatchTestBase {
    private static final int NO_NODE = KeeperException.Code.NONODE.intValue();
    private static final int NO_WATCHER = KeeperException.Code.NOWATCHER.intValue();

    @AutoClose
    static final ArborTestServer server = ArborTestServer.start();

    PersistentWatchesTest() {
        super(server, "/pw");
    }

    /** Deletes a node and returns the zxid of the delete (its parent's pzxid afterwards). */
    private long delete(String path) throws Exception {
        changing.delete(path, -1);
        return changing.exists(path.substring(0, path.lastIndexOf('/')), false).getPzxid();
    }

    private record Seen(EventType type, String path, long zxid) {
        static Seen of(WatchedEvent e) {
            return new Seen(e.getType(), e.getPath(), e.getZxid());
        }
    }

    private List<Seen> seen(RecordingWatcher w) {
        return w.nodeEvents().stream().map(Seen::of).toList();
    }

    @Test
    void persistentWatchSeesEveryChangeOfItsNodeAndItsChildListAndStays() throws Exception {
        String p = base + "/p";
        RecordingWatcher w = new RecordingWatcher();
        watching.addWatch(p, w, AddWatchMode.PERSISTENT);

        long created = create(p).getCzxid();
        long set1 = changing.setData(p, bytes("1"), -1).getMzxid();
        long set2 = changing.setData(p, bytes("2"), -1).getMzxid();
        long childCreated = create(p + "/c").getCzxid();
        changing.setData(p + "/c", bytes("not ours"), -1);
        create(p + "/c/grandchild");
        delete(p + "/c/grandchild");
        long childDeleted = delete(p + "/c");
        long deleted = delete(p);
        long recreated = create(p).getCzxid();
        EventBarrier.pass(watching, changing);

        assertThat(seen(w)).containsExactly(
                new Seen(EventType.NodeCreated, p, created),
                new Seen(EventType.NodeDataChanged, p, set1),
                new Seen(EventType.NodeDataChanged, p, set2),
                new Seen(EventType.NodeChildrenChanged, p, childCreated),
                new Seen(EventType.NodeChildrenChanged, p, childDeleted),
                new Seen(EventType.NodeDeleted, p, deleted),
                new Seen(EventType.NodeCreated, p, recreated));
    }

    @Test
    void recursiveWatchSeesItsNodeAndEveryDescendantButNeverChildEvents() throws Exception {
        String r = base + "/r";
        create(r);
        RecordingWatcher w = new RecordingWatcher();
        watching.addWatch(r, w, AddWatchMode.PERSISTENT_RECURSIVE);

        long a = create(r + "/a").getCzxid();
        long ab = create(r + "/a/b").getCzxid();
        long abSet = changing.setData(r + "/a/b", bytes("x"), -1).getMzxid();
        long rSet = changing.setData(r, bytes("x"), -1).getMzxid();
        long abDeleted = delete(r + "/a/b");
        long aDeleted = delete(r + "/a");
        // a sibling whose name starts with the watched one is not below it
        create(r + "x");
        changing.setData(r + "x", bytes("x"), -1);
        long rDeleted = delete(r);
        EventBarrier.pass(watching, changing);

        assertThat(seen(w)).containsExactly(
                new Seen(EventType.NodeCreated, r + "/a", a),
                new Seen(EventType.NodeCreated, r + "/a/b", ab),
                new Seen(EventType.NodeDataChanged, r + "/a/b", abSet),
                new Seen(EventType.NodeDataChanged, r, rSet),
                new Seen(EventType.NodeDeleted, r + "/a/b", abDeleted),
                new Seen(EventType.NodeDeleted, r + "/a", aDeleted),
                new Seen(EventType.NodeDeleted, r, rDeleted));
    }

    @Test
    void recursiveWatchOnTheRootSeesEverything() throws Exception {
        RecordingWatcher w = new RecordingWatcher();
        watching.addWatch("/", w, AddWatchMode.PERSISTENT_RECURSIVE);
        String p = base + "/deep";
        long c = create(p).getCzxid();
        EventBarrier.pass(watching, changing);
        assertThat(seen(w)).contains(new Seen(EventType.NodeCreated, p, c));
        assertThat(seen(w)).extracting(Seen::type).doesNotContain(EventType.NodeChildrenChanged);
    }

    @Test
    void aPersistentAndARecursiveWatchOnAncestorsGetOneEventEachPerChange() throws Exception {
        String p = base + "/a/b";
        create(base + "/a");
        create(p);
        RecordingWatcher persistent = new RecordingWatcher();
        RecordingWatcher recursiveOnParent = new RecordingWatcher();
        RecordingWatcher recursiveOnBase = new RecordingWatcher();
        watching.addWatch(p, persistent, AddWatchMode.PERSISTENT);
        watching.addWatch(base + "/a", recursiveOnParent, AddWatchMode.PERSISTENT_RECURSIVE);
        watching.addWatch(base, recursiveOnBase, AddWatchMode.PERSISTENT_RECURSIVE);

        long set = changing.setData(p, bytes("x"), -1).getMzxid();
        EventBarrier.pass(watching, changing);

        Seen expected = new Seen(EventType.NodeDataChanged, p, set);
        assertThat(seen(persistent)).containsExactly(expected);
        assertThat(seen(recursiveOnParent)).containsExactly(expected);
        assertThat(seen(recursiveOnBase)).containsExactly(expected);
    }

    @Test
    void removeWatchesOfEachTypeStopsThatWatch() throws Exception {
        String p = base + "/node";
        create(p);
        RecordingWatcher data = new RecordingWatcher();
        RecordingWatcher child = new RecordingWatcher();
        RecordingWatcher persistent = new RecordingWatcher();
        RecordingWatcher recursive = new RecordingWatcher();
        watching.getData(p, data, null);
        watching.getChildren(p, child);
        watching.addWatch(p, persistent, AddWatchMode.PERSISTENT);
        watching.addWatch(p, recursive, AddWatchMode.PERSISTENT_RECURSIVE);

        watching.removeWatches(p, data, WatcherType.Data, false);
        watching.removeWatches(p, child, WatcherType.Children, false);
        watching.removeWatches(p, persistent, WatcherType.Persistent, false);
        watching.removeWatches(p, recursive, WatcherType.PersistentRecursive, false);

        // the client tells each watcher it was removed (on its event thread, so wait for it)
        data.await(EventType.DataWatchRemoved, p);
        child.await(EventType.ChildWatchRemoved, p);
        persistent.await(EventType.PersistentWatchRemoved, p);
        recursive.await(EventType.PersistentWatchRemoved, p);

        changing.setData(p, bytes("x"), -1);
        create(p + "/kid");
        delete(p + "/kid");
        delete(p);
        EventBarrier.pass(watching, changing);
        for (RecordingWatcher w : List.of(data, child, persistent, recursive)) {
            assertThat(w.nodeEvents()).hasSize(1);
        }
    }

    @Test
    void removeAllWatchesOfAnyTypeTakesEveryWatchOffThePath() throws Exception {
        String p = base + "/node";
        create(p);
        RecordingWatcher w = new RecordingWatcher();
        watching.getData(p, w, null);
        watching.getChildren(p, w);
        watching.addWatch(p, w, AddWatchMode.PERSISTENT);

        watching.removeAllWatches(p, WatcherType.Any, false);

        changing.setData(p, bytes("x"), -1);
        delete(p);
        EventBarrier.pass(watching, changing);
        assertThat(w.nodeEvents()).extracting(WatchedEvent::getType)
                .doesNotContain(EventType.NodeDataChanged, EventType.NodeDeleted, EventType.NodeChildrenChanged);
        assertThatThrownBy(() -> watching.removeAllWatches(p, WatcherType.Any, false))
                .isInstanceOf(KeeperException.NoWatcherException.class);
    }

    @Test
    void removingAWatchThatIsNotThereFailsWithNoWatcher() throws Exception {
        String p = base + "/node";
        create(p);
        RecordingWatcher w = new RecordingWatcher();
        watching.getData(p, w, null);
        for (WatcherType type : List.of(WatcherType.Children, WatcherType.Persistent,
                WatcherType.PersistentRecursive)) {
            assertThatThrownBy(() -> watching.removeWatches(p, w, type, false)).as(type.name())
                    .isInstanceOf(KeeperException.NoWatcherException.class);
            assertThatThrownBy(() -> watching.removeAllWatches(p, type, false)).as(type.name())
                    .isInstanceOf(KeeperException.NoWatcherException.class);
        }
        assertThatThrownBy(() -> watching.removeAllWatches(base + "/elsewhere", WatcherType.Any, false))
                .isInstanceOf(KeeperException.NoWatcherException.class);
        // the data watch itself was left alone
        long set = changing.setData(p, bytes("x"), -1).getMzxid();
        assertThat(Seen.of(w.await(EventType.NodeDataChanged, p)))
                .isEqualTo(new Seen(EventType.NodeDataChanged, p, set));
    }

    @Test
    void removingOneOfTwoClientWatchersLeavesTheServerWatchForTheOther() throws Exception {
        // removeWatches with a watcher asks the server with checkWatches: the server must keep its watch,
        // because the client still holds another watcher on the path.
        String p = base + "/node";
        create(p);
        RecordingWatcher gone = new RecordingWatcher();
        RecordingWatcher stays = new RecordingWatcher();
        watching.getData(p, gone, null);
        watching.getData(p, stays, null);

        watching.removeWatches(p, gone, WatcherType.Data, false);
        gone.await(EventType.DataWatchRemoved, p);

        long set = changing.setData(p, bytes("x"), -1).getMzxid();
        assertThat(Seen.of(stays.await(EventType.NodeDataChanged, p)))
                .isEqualTo(new Seen(EventType.NodeDataChanged, p, set));
        assertThat(gone.nodeEvents()).extracting(WatchedEvent::getType).containsExactly(EventType.DataWatchRemoved);
    }

    @Test
    void localRemovalDropsTheWatcherInTheClientOnly() throws Exception {
        // local=true never asks the server: its watch stays and its next event finds no watcher in the client
        String p = base + "/node";
        create(p);
        RecordingWatcher removed = new RecordingWatcher();
        watching.getData(p, removed, null);

        watching.removeWatches(p, removed, WatcherType.Data, true);
        removed.await(EventType.DataWatchRemoved, p);

        changing.setData(p, bytes("x"), -1);
        EventBarrier.pass(watching, changing);
        assertThat(removed.nodeEvents()).extracting(WatchedEvent::getType)
                .containsExactly(EventType.DataWatchRemoved);
        assertThatThrownBy(() -> watching.removeWatches(p, removed, WatcherType.Data, false))
                .isInstanceOf(KeeperException.NoWatcherException.class);

        RecordingWatcher again = new RecordingWatcher();
        watching.getData(p, again, null);
        long set = changing.setData(p, bytes("y"), -1).getMzxid();
        assertThat(Seen.of(again.await(EventType.NodeDataChanged, p)))
                .isEqualTo(new Seen(EventType.NodeDataChanged, p, set));
    }

    @Test
    void persistentWatchesAreSetAgainAfterAReconnectWithoutReplayingWhatWasMissed() throws Exception {
        String p = base + "/p";
        String r = base + "/r";
        String oneShot = base + "/one-shot";
        create(p);
        create(r);
        create(oneShot);
        try (TcpProxy proxy = new TcpProxy(server.port())) {
            RecordingWatcher session = new RecordingWatcher();
            ZooKeeper viaProxy = server.client(proxy.connectString(), 4000, session);
            try {
                RecordingWatcher persistent = new RecordingWatcher();
                RecordingWatcher recursive = new RecordingWatcher();
                RecordingWatcher data = new RecordingWatcher();
                viaProxy.addWatch(p, persistent, AddWatchMode.PERSISTENT);
                viaProxy.addWatch(r, recursive, AddWatchMode.PERSISTENT_RECURSIVE);
                viaProxy.getData(oneShot, data, null);

                proxy.cut();
                session.awaitState(KeeperState.Disconnected);
                changing.setData(p, bytes("missed"), -1);
                create(r + "/missed");
                changing.setData(oneShot, bytes("missed"), -1);
                proxy.heal();
                session.awaitState(KeeperState.SyncConnected, 2);

                // the one-shot watch travels in the same setWatches2 and is replayed
                assertThat(Seen.of(data.await(EventType.NodeDataChanged, oneShot)))
                        .isEqualTo(new Seen(EventType.NodeDataChanged, oneShot, WatchedEvent.NO_ZXID));
                long set = changing.setData(p, bytes("after"), -1).getMzxid();
                long created = create(r + "/after").getCzxid();
                EventBarrier.pass(viaProxy, changing);
                assertThat(seen(persistent)).containsExactly(new Seen(EventType.NodeDataChanged, p, set));
                assertThat(seen(recursive)).containsExactly(new Seen(EventType.NodeCreated, r + "/after", created));
            } finally {
                viaProxy.close();
            }
        }
    }

    // ---- what the server answers, seen on a raw socket ----

    private static int check(RawClient raw, String path, WatcherType type) throws Exception {
        return raw.call(OpCode.checkWatches, RawClient.pathInt(path, type.getIntValue())).err();
    }

    private static int remove(RawClient raw, String path, WatcherType type) throws Exception {
        return raw.call(OpCode.removeWatches, RawClient.pathInt(path, type.getIntValue())).err();
    }

    @Test
    void checkWatchesAnswersPerWatcherType() throws Exception {
        String data = base + "/data";
        String child = base + "/child";
        String persistent = base + "/persistent";
        String recursive = base + "/recursive";
        String missing = base + "/missing";
        for (String p : List.of(data, child, persistent, recursive)) {
            create(p);
        }
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(4000);
            assertThat(raw.call(OpCode.getData, RawClient.pathWatch(data, true)).err()).isZero();
            assertThat(raw.call(OpCode.getChildren, RawClient.pathWatch(child, true)).err()).isZero();
            assertThat(raw.call(OpCode.addWatch, RawClient.pathInt(persistent, 0)).err()).isZero();
            assertThat(raw.call(OpCode.addWatch, RawClient.pathInt(recursive, 1)).err()).isZero();
            assertThat(raw.call(OpCode.exists, RawClient.pathWatch(missing, true)).err()).isEqualTo(NO_NODE);

            assertThat(check(raw, data, WatcherType.Data)).isZero();
            assertThat(check(raw, data, WatcherType.Any)).isZero();
            assertThat(check(raw, data, WatcherType.Children)).isEqualTo(NO_WATCHER);
            assertThat(check(raw, data, WatcherType.Persistent)).isEqualTo(NO_WATCHER);
            assertThat(check(raw, data, WatcherType.PersistentRecursive)).isEqualTo(NO_WATCHER);

            assertThat(check(raw, child, WatcherType.Children)).isZero();
            assertThat(check(raw, child, WatcherType.Any)).isZero();
            assertThat(check(raw, child, WatcherType.Data)).isEqualTo(NO_WATCHER);

            assertThat(check(raw, persistent, WatcherType.Persistent)).isZero();
            assertThat(check(raw, persistent, WatcherType.Any)).isZero();
            assertThat(check(raw, persistent, WatcherType.Data)).isEqualTo(NO_WATCHER);
            assertThat(check(raw, persistent, WatcherType.Children)).isEqualTo(NO_WATCHER);
            assertThat(check(raw, persistent, WatcherType.PersistentRecursive)).isEqualTo(NO_WATCHER);

            assertThat(check(raw, recursive, WatcherType.PersistentRecursive)).isZero();
            assertThat(check(raw, recursive, WatcherType.Any)).isZero();
            assertThat(check(raw, recursive, WatcherType.Persistent)).isEqualTo(NO_WATCHER);
            assertThat(check(raw, recursive, WatcherType.Data)).isEqualTo(NO_WATCHER);

            assertThat(check(raw, missing, WatcherType.Data)).as("exists on a missing node").isZero();
            assertThat(check(raw, base, WatcherType.Any)).isEqualTo(NO_WATCHER);

            // checking removes nothing: every watch still fires
            changing.setData(data, bytes("x"), -1);
            create(child + "/kid");
            changing.setData(persistent, bytes("x"), -1);
            create(recursive + "/kid");
            create(missing);
            raw.awaitNotification(missing);
            assertThat(raw.notifications()).extracting(RawClient.Notification::path)
                    .containsExactly(data, child, persistent, recursive + "/kid", missing);
        }
    }

    @Test
    void removeWatchesRemovesOnTheServerAndSaysNoWatcherWhenNothingIsLeft() throws Exception {
        String p = base + "/node";
        create(p);
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(4000);
            raw.call(OpCode.getData, RawClient.pathWatch(p, true));
            raw.call(OpCode.getChildren, RawClient.pathWatch(p, true));
            raw.call(OpCode.addWatch, RawClient.pathInt(p, 0));
            raw.call(OpCode.addWatch, RawClient.pathInt(p, 1));

            assertThat(remove(raw, p, WatcherType.Data)).isZero();
            assertThat(remove(raw, p, WatcherType.Data)).isEqualTo(NO_WATCHER);
            assertThat(check(raw, p, WatcherType.Children)).as("a child watch is not a data watch").isZero();
            assertThat(remove(raw, p, WatcherType.Children)).isZero();
            assertThat(remove(raw, p, WatcherType.Children)).isEqualTo(NO_WATCHER);
            assertThat(remove(raw, p, WatcherType.Persistent)).isZero();
            assertThat(remove(raw, p, WatcherType.Persistent)).isEqualTo(NO_WATCHER);
            assertThat(check(raw, p, WatcherType.PersistentRecursive)).isZero();
            assertThat(remove(raw, p, WatcherType.PersistentRecursive)).isZero();
            assertThat(remove(raw, p, WatcherType.PersistentRecursive)).isEqualTo(NO_WATCHER);
            assertThat(remove(raw, p, WatcherType.Any)).isEqualTo(NO_WATCHER);

            raw.call(OpCode.getData, RawClient.pathWatch(p, true));
            raw.call(OpCode.addWatch, RawClient.pathInt(p, 0));
            assertThat(remove(raw, p, WatcherType.Any)).isZero();
            assertThat(check(raw, p, WatcherType.Any)).isEqualTo(NO_WATCHER);

            // nothing fires any more; the barrier's own event proves the earlier ones were not sent
            changing.setData(p, bytes("x"), -1);
            create(p + "/kid");
            String barrier = base + "/barrier";
            raw.call(OpCode.exists, RawClient.pathWatch(barrier, true));
            create(barrier);
            raw.awaitNotification(barrier);
            assertThat(raw.notifications()).extracting(RawClient.Notification::path).containsExactly(barrier);
        }
    }

    @Test
    void notificationsCarryTheZxidOfTheirTxnAndStateSyncConnected() throws Exception {
        String p = base + "/node";
        create(p);
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(4000);
            raw.call(OpCode.addWatch, RawClient.pathInt(p, 0));
            long set = changing.setData(p, bytes("x"), -1).getMzxid();
            RawClient.Notification n = raw.awaitNotification(p);
            assertThat(n).isEqualTo(new RawClient.Notification(EventType.NodeDataChanged.getIntValue(),
                    KeeperState.SyncConnected.getIntValue(), p, set));
        }
    }

    @Test
    void getDataOrGetChildrenOfAMissingNodeLeavesNoWatch() throws Exception {
        String missing = base + "/missing";
        try (RawClient raw = new RawClient(server.port())) {
            raw.connect(4000);
            assertThat(raw.call(OpCode.getData, RawClient.pathWatch(missing, true)).err()).isEqualTo(NO_NODE);
            assertThat(raw.call(OpCode.getChildren, RawClient.pathWatch(missing, true)).err()).isEqualTo(NO_NODE);
            assertThat(check(raw, missing, WatcherType.Any)).isEqualTo(NO_WATCHER);
        }
    }

    @Test
    void theWatchesOfAConnectionThatWentAwayAreForgotten() throws Exception {
        // Reads queued behind a write run after it is applied, possibly after the socket closed: the watches
        // they set must not outlive the connection (persistent ones would never be cleaned up otherwise).
        String p = base + "/node";
        create(p);
        var watches = server.server().context().tree().watches();
        for (int round = 0; round < 5; round++) {
            long session;
            try (RawClient raw = new RawClient(server.port())) {
                session = raw.connect(4000).sessionId();
                for (int i = 0; i < 100; i++) {
                    raw.send(OpCode.setData, RawClient.setData(p, NONE, -1));
                    raw.send(OpCode.addWatch, RawClient.pathInt(p + "/w" + i, 0));
                    raw.send(OpCode.getData, RawClient.pathWatch(p, true));
                }
            }
            await().until(() -> !watches.bySession().containsKey(session));
        }
    }
}
