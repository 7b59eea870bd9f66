package io.arbor.server.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.Acl;
import io.arbor.protocol.EphemeralOwner;
import io.arbor.protocol.EventType;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.Stat;
import io.arbor.protocol.txn.CloseSessionTxn;
import io.arbor.protocol.txn.CreateTxn;
import io.arbor.protocol.txn.DeleteTxn;
import io.arbor.protocol.txn.MultiTxn;
import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.protocol.txn.TxnBody;
import io.arbor.protocol.txn.TxnHeader;
import io.arbor.server.watch.WatchKind;
import io.arbor.server.watch.WatchManager;
import io.arbor.server.watch.Watcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** APPLY's tree on its own: deterministic Stat bookkeeping and the watch events each txn fires. */
class DataTreeTest {
    private final WatchManager watches = new WatchManager();
    private final DataTree tree = new DataTree(watches);
    private long zxid;

    private record Event(int type, String path, long zxid) {}

    private static final class Recorder implements Watcher {
        final List<Event> events = new ArrayList<>();

        @Override
        public long sessionId() {
            return 1;
        }

        @Override
        public void deliver(int eventType, String path, long zxid, List<Acl> acl) {
            events.add(new Event(eventType, path, zxid));
        }
    }

    private Stat apply(long session, TxnBody body) {
        zxid++;
        return tree.apply(new Txn(new TxnHeader(session, 0, zxid, 1000 + zxid, body.type()), body))[0];
    }

    private Stat create(String path, long owner, int parentCversion) {
        return apply(7, new CreateTxn(path, new byte[] {1, 2}, Acl.OPEN_ACL_UNSAFE, owner, parentCversion));
    }

    @Test
    void statFieldsFollowEachChange() {
        Stat a = create("/a", 0, 1);
        assertThat(a.czxid()).isEqualTo(1);
        assertThat(a.mzxid()).isEqualTo(1);
        assertThat(a.pzxid()).isEqualTo(1);
        assertThat(a.dataLength()).isEqualTo(2);
        create("/a/b", 0, 1);
        Stat set = apply(7, new SetDataTxn("/a", new byte[5], 1));
        assertThat(set.version()).isEqualTo(1);
        assertThat(set.mzxid()).isEqualTo(3);
        assertThat(set.mtime()).isEqualTo(1003);
        assertThat(set.ctime()).isEqualTo(1001);
        assertThat(set.cversion()).isEqualTo(1);
        assertThat(set.pzxid()).isEqualTo(2);
        assertThat(set.numChildren()).isEqualTo(1);
        apply(7, new DeleteTxn("/a/b"));
        DataNode node = tree.get("/a");
        assertThat(node.pzxid()).isEqualTo(4);
        assertThat(node.numChildren()).isZero();
        assertThat(tree.get("/a/b")).isNull();
    }

    @Test
    void watchesFireOnceWithTheTxnZxidAndPersistentOnesStay() {
        Recorder oneShot = new Recorder();
        Recorder persistent = new Recorder();
        Recorder recursive = new Recorder();
        watches.add("/w", oneShot, WatchKind.DATA);
        watches.add("/", oneShot, WatchKind.CHILD);
        watches.add("/w", persistent, WatchKind.PERSISTENT);
        watches.add("/", recursive, WatchKind.RECURSIVE);
        create("/w", 0, 1);
        apply(7, new SetDataTxn("/w", new byte[0], 1));
        apply(7, new DeleteTxn("/w"));
        assertThat(oneShot.events).containsExactly(new Event(EventType.NODE_CREATED, "/w", 1),
                new Event(EventType.NODE_CHILDREN_CHANGED, "/", 1));
        assertThat(persistent.events).extracting(Event::type).containsExactly(EventType.NODE_CREATED,
                EventType.NODE_DATA_CHANGED, EventType.NODE_DELETED);
        // Recursive watches see every node below but never NodeChildrenChanged.
        assertThat(recursive.events).containsExactly(new Event(EventType.NODE_CREATED, "/w", 1),
                new Event(EventType.NODE_DATA_CHANGED, "/w", 2), new Event(EventType.NODE_DELETED, "/w", 3));
    }

    @Test
    void closingASessionDeletesItsEphemeralsAndTheIndexFollows() {
        create("/e1", 0x42, 1);
        create("/e2", 0x42, 2);
        create("/p", 0, 3);
        create("/c", EphemeralOwner.CONTAINER, 4);
        create("/t", EphemeralOwner.ttl(1000), 5);
        assertThat(tree.ephemeralsOf(0x42)).containsExactlyInAnyOrder("/e1", "/e2");
        assertThat(tree.containers()).containsExactly("/c");
        assertThat(tree.ttlNodes()).containsExactly("/t");
        Recorder r = new Recorder();
        watches.add("/e1", r, WatchKind.DATA);
        apply(0x42, new CloseSessionTxn(List.of("/e1", "/e2")));
        assertThat(tree.get("/e1")).isNull();
        assertThat(tree.get("/e2")).isNull();
        assertThat(tree.ephemeralsOf(0x42)).isEmpty();
        assertThat(r.events).containsExactly(new Event(EventType.NODE_DELETED, "/e1", zxid));
    }

    @Test
    void aMultiAppliesAllItsOpsUnderOneZxid() {
        create("/m", 0, 1);
        zxid++;
        Stat[] stats = tree.apply(new Txn(new TxnHeader(7, 0, zxid, 5, OpCode.MULTI), new MultiTxn(List.of(
                new CreateTxn("/m/x", new byte[0], Acl.OPEN_ACL_UNSAFE, 0, 1),
                new SetDataTxn("/m", new byte[3], 1),
                new DeleteTxn("/m/x")))));
        assertThat(stats[0].czxid()).isEqualTo(zxid);
        assertThat(stats[1].mzxid()).isEqualTo(zxid);
        assertThat(stats[2]).isNull();
        assertThat(tree.get("/m").numChildren()).isZero();
        assertThat(tree.lastProcessedZxid()).isEqualTo(zxid);
    }

    @Test
    void replayingATxnAlreadyInTheTreeChangesNothing() {
        create("/r", 0, 1);
        long before = tree.approximateDataSize();
        zxid = 0; // the same create again, as when replaying the log over a fuzzy snapshot
        assertThat(create("/r", 0, 1)).isNull();
        assertThat(tree.approximateDataSize()).isEqualTo(before);
        assertThat(tree.countDescendants("/")).isEqualTo(4); // /zookeeper, quota, config, /r
    }

    @Test
    void nodesWithEqualAclsShareOneAclList() {
        List<Acl> a = new java.util.ArrayList<>(List.of(new Acl(31, new io.arbor.protocol.Id("digest", "u:h"))));
        List<Acl> b = new java.util.ArrayList<>(List.of(new Acl(31, new io.arbor.protocol.Id("digest", "u:h"))));
        apply(7, new CreateTxn("/acl1", new byte[0], a, 0, 1));
        apply(7, new CreateTxn("/acl2", new byte[0], b, 0, 2));
        apply(7, new io.arbor.protocol.txn.SetAclTxn("/acl1", new java.util.ArrayList<>(Acl.OPEN_ACL_UNSAFE), 1));
        apply(7, new CreateTxn("/acl3", new byte[0], Acl.OPEN_ACL_UNSAFE, 0, 3));
        assertThat(tree.get("/acl2").acl()).isEqualTo(a);
        assertThat(tree.get("/acl1").acl()).as("after setACL, shared with an equal one").isSameAs(
                tree.get("/acl3").acl());
        apply(7, new CreateTxn("/acl4", new byte[0], new java.util.ArrayList<>(b), 0, 4));
        assertThat(tree.get("/acl4").acl()).isSameAs(tree.get("/acl2").acl());
    }
}
