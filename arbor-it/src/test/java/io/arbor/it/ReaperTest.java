package io.arbor.it;

import static io.arbor.it.Poll.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Container nodes go once their last child is gone; TTL nodes go once they have been childless and unchanged
 * for their TTL. The reaper checks every 100 ms here. "It has not been reaped" is proved with a probe: a node
 * set up to become reapable after the one under test; once the probe is gone, the reaper has looked at both.
 */
class ReaperTest {
    private static final byte[] NONE = new byte[0];
    private static final AtomicInteger SEQ = new AtomicInteger();

    @AutoClose
    static final ArborTestServer server =
            ArborTestServer.start("znode.container.checkIntervalMs=100\nextendedTypesEnabled=true");
    ZooKeeper zk;
    ZooKeeper watching;
    String base;

    @BeforeEach
    void connect() throws Exception {
        zk = server.client();
        watching = server.client();
        base = server.createTestRoot(zk, "/r");
    }

    @AfterEach
    void disconnect() throws Exception {
        zk.close();
        watching.close();
    }

    private Stat create(String path, CreateMode mode) throws Exception {
        Stat stat = new Stat();
        zk.create(path, NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, mode, stat);
        return stat;
    }

    private Stat createTtl(String path, long ttl) throws Exception {
        Stat stat = new Stat();
        zk.create(path, NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, stat, ttl);
        return stat;
    }

    private void awaitGone(String path) {
        await().until(() -> zk.exists(path, false) == null);
    }

    /** Returns once the reaper has run after everything set up so far: a used-then-emptied container is gone. */
    private void reaperHasRun() throws Exception {
        String probe = base + "/probe" + SEQ.incrementAndGet();
        create(probe, CreateMode.CONTAINER);
        create(probe + "/kid", CreateMode.PERSISTENT);
        zk.delete(probe + "/kid", -1);
        awaitGone(probe);
    }

    @Test
    void aContainerGoesOnceItsLastChildIsGoneAndItsWatchersHearOfIt() throws Exception {
        String c = base + "/container";
        create(c, CreateMode.CONTAINER);
        create(c + "/a", CreateMode.PERSISTENT);
        create(c + "/b", CreateMode.EPHEMERAL);

        zk.delete(c + "/a", -1);
        reaperHasRun();
        assertThat(zk.exists(c, false)).as("still has a child").isNotNull();

        RecordingWatcher w = new RecordingWatcher();
        watching.exists(c, w);
        watching.getChildren(base, w);
        zk.delete(c + "/b", -1);

        WatchedEvent deleted = w.await(EventType.NodeDeleted, c);
        WatchedEvent children = w.await(EventType.NodeChildrenChanged, base);
        assertThat(zk.exists(c, false)).isNull();
        long reapZxid = zk.exists(base, false).getPzxid();
        assertThat(deleted.getZxid()).isEqualTo(reapZxid);
        assertThat(children.getZxid()).isEqualTo(reapZxid);
    }

    @Test
    void aContainerThatNeverHadAChildStays() throws Exception {
        String c = base + "/unused";
        create(c, CreateMode.CONTAINER);
        reaperHasRun();
        reaperHasRun();
        assertThat(zk.exists(c, false)).isNotNull();
    }

    @Test
    void aContainerWhoseLastChildWasAnEphemeralGoesWhenThatSessionCloses() throws Exception {
        String c = base + "/locks";
        create(c, CreateMode.CONTAINER);
        ZooKeeper owner = server.client();
        owner.create(c + "/lock-", NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        owner.close();
        awaitGone(c);
    }

    @Test
    void aTtlNodeGoesAfterItsTtlAndNotBefore() throws Exception {
        long ttl = 400;
        String t = base + "/ttl";
        Stat stat = createTtl(t, ttl);
        RecordingWatcher w = new RecordingWatcher();
        assertThat(watching.exists(t, w)).isNotNull();

        w.await(EventType.NodeDeleted, t);
        long goneAt = System.currentTimeMillis();
        assertThat(goneAt - stat.getMtime()).isBetween(ttl, ttl + 3_000);
    }

    @Test
    void changingATtlNodeRestartsItsTtl() throws Exception {
        long ttl = 1000;
        String t = base + "/ttl";
        createTtl(t, ttl);
        // a third of the way through the TTL, change it: it must then live a full TTL from that change
        await().pollDelay(Duration.ofMillis(ttl / 3)).until(() -> true);
        Stat changed = zk.setData(t, "again".getBytes(StandardCharsets.UTF_8), -1);
        RecordingWatcher w = new RecordingWatcher();
        assertThat(watching.exists(t, w)).isNotNull();

        w.await(EventType.NodeDeleted, t);
        assertThat(System.currentTimeMillis() - changed.getMtime()).isGreaterThanOrEqualTo(ttl);
    }

    @Test
    void aTtlNodeWithChildrenStaysUntilTheyAreGone() throws Exception {
        long ttl = 200;
        String t = base + "/ttl";
        createTtl(t, ttl);
        create(t + "/kid", CreateMode.PERSISTENT);
        // a younger TTL node with the same TTL: once it is gone, the older one's TTL has surely passed too
        String probe = base + "/younger";
        createTtl(probe, ttl);
        awaitGone(probe);
        reaperHasRun();
        assertThat(zk.exists(t, false)).as("has a child").isNotNull();

        zk.delete(t + "/kid", -1);
        awaitGone(t);
    }

    @Test
    void sequentialTtlNodesGetTheirSuffixAndGoToo() throws Exception {
        Stat stat = new Stat();
        String path = zk.create(base + "/seq-", NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, stat, 200);
        assertThat(path).isEqualTo(base + "/seq-0000000000");
        awaitGone(path);
    }

    @Test
    void ttlNodesNeedExtendedTypes() throws Exception {
        try (ArborTestServer plain = ArborTestServer.start()) {
            ZooKeeper c = plain.client();
            try {
                assertThatThrownBy(() -> c.create("/ttl", NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT_WITH_TTL, new Stat(), 1000))
                        .isInstanceOf(KeeperException.UnimplementedException.class);
            } finally {
                c.close();
            }
        }
    }

    @Test
    void containersAndTtlNodesShowNoEphemeralOwner() throws Exception {
        Stat container = create(base + "/container", CreateMode.CONTAINER);
        Stat ttl = createTtl(base + "/ttl", 60_000);
        assertThat(container.getEphemeralOwner()).isZero();
        assertThat(ttl.getEphemeralOwner()).isZero();
        assertThat(zk.exists(base + "/container", false).getEphemeralOwner()).isZero();
        assertThat(zk.exists(base + "/ttl", false).getEphemeralOwner()).isZero();
        assertThat(zk.getChildren(base, false, new Stat())).containsExactlyInAnyOrder("container", "ttl");
    }
}
