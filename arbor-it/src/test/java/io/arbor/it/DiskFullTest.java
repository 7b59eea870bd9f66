package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The txn log's disk fills up (a real tmpfs of a few MiB, filled to the last byte): writes fail with an error
 * instead of hanging, reads and sessions go on, writes work again once space is freed, nothing acknowledged
 * is lost, and nothing refused shows up, not even after a restart.
 */
class DiskFullTest {
    private static final List<org.apache.zookeeper.data.ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;
    /** Larger than a page: a write of it needs a block the full disk does not have. */
    private static final byte[] BIG = new byte[16 * 1024];

    private SmallDisk disk;
    private Path dataDir;
    private ArborTestServer server;

    @BeforeEach
    void start() throws Exception {
        disk = SmallDisk.mount(8);
        dataDir = disk.dir("data");
        // small pre-allocation so that the log needs fresh blocks as it grows; no snapshot during the test
        server = ArborTestServer.start(dataDir, "preAllocSize=16\nsnapCount=1000000\n");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (disk != null) {
            disk.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KeeperException.Code codeOf(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.ExecutionException ? t.getCause() : t;
        return c instanceof KeeperException k ? k.code() : null;
    }

    @Test
    void writesFailWithAnErrorWhileTheDiskIsFullAndWorkAgainOnceItIsFreed() throws Exception {
        ZooKeeper zk = server.client();
        String root = server.createTestRoot(zk, "/full");
        zk.create(root + "/data", utf8("before"), OPEN, CreateMode.PERSISTENT);
        assertThat(zk.create(root + "/seq-", new byte[0], OPEN, CreateMode.PERSISTENT_SEQUENTIAL))
                .endsWith("0000000001");
        Stat before = zk.exists(root + "/data", false);

        assertThat(disk.fill()).isPositive();

        assertThatThrownBy(() -> zk.setData(root + "/data", BIG, -1))
                .isInstanceOfSatisfying(KeeperException.class,
                        e -> assertThat(e.code()).isEqualTo(KeeperException.Code.SYSTEMERROR));
        // a burst of async writes: every one is answered, with the error, none is applied
        List<CompletableFuture<String>> creates = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CompletableFuture<String> f = new CompletableFuture<>();
            zk.create(root + "/seq-", BIG, OPEN, CreateMode.PERSISTENT_SEQUENTIAL, (rc, path, ctx, name) -> {
                if (rc == 0) {
                    f.complete(name);
                } else {
                    f.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
                }
            }, null);
            creates.add(f);
        }
        for (CompletableFuture<String> f : creates) {
            assertThat(f).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo(KeeperException.Code.SYSTEMERROR));
        }
        assertThatThrownBy(() -> zk.multi(List.of(Op.create(root + "/m", BIG, OPEN, CreateMode.PERSISTENT),
                Op.setData(root + "/data", BIG, -1)))).isInstanceOf(KeeperException.class);

        // reads go on, on the same session, and see only what was acknowledged
        assertThat(zk.getData(root + "/data", false, null)).isEqualTo(utf8("before"));
        assertThat(zk.exists(root + "/data", false)).isEqualTo(before);
        assertThat(zk.getChildren(root, false)).containsExactlyInAnyOrder("data", "seq-0000000001");
        assertThat(zk.getState()).isEqualTo(ZooKeeper.States.CONNECTED);

        disk.free();

        zk.setData(root + "/data", utf8("after"), -1);
        // the refused creates took no sequence number: the next one follows the last acknowledged one
        assertThat(zk.create(root + "/seq-", new byte[0], OPEN, CreateMode.PERSISTENT_SEQUENTIAL))
                .endsWith("0000000002");
        Stat after = zk.exists(root + "/data", false);
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
        zk.close();

        server = server.restart();
        ZooKeeper again = server.client();
        assertThat(again.getData(root + "/data", false, null)).isEqualTo(utf8("after"));
        assertThat(again.exists(root + "/data", false)).isEqualTo(after);
        assertThat(again.getChildren(root, false))
                .containsExactlyInAnyOrder("data", "seq-0000000001", "seq-0000000002");
        again.close();
    }

    /**
     * On a full disk, small records may still fit in the rest of the log's last block: write tiny ones until
     * one is refused, so that every record after it is refused too (none is smaller than this probe).
     */
    private static void useUpTheLastBlock(ZooKeeper zk, String path) throws Exception {
        for (int i = 0; i < 1000; i++) {
            try {
                zk.setData(path, new byte[0], -1);
            } catch (KeeperException.SystemErrorException refused) {
                return;
            }
        }
        throw new AssertionError("the full disk kept taking writes");
    }

    @Test
    void aSessionWhoseCloseCouldNotBeLoggedLivesOnAndEndsOnceTheDiskIsBack() throws Exception {
        ZooKeeper watcher = server.client();
        String root = server.createTestRoot(watcher, "/close");
        ZooKeeper owner = server.client(server.connectString(), 2_000, e -> { });
        // a long name makes the close txn (which lists the session's ephemerals) larger than the probe below
        String eph = root + "/an-ephemeral-with-a-long-name-so-that-its-close-txn-is-the-larger-record";
        owner.create(eph, new byte[0], OPEN, CreateMode.EPHEMERAL);

        disk.fill();
        useUpTheLastBlock(watcher, root);
        owner.close(); // its closeSession is refused: the session stays, as if its client had gone away

        assertThat(watcher.exists(eph, false)).isNotNull();
        disk.free();
        // it expires after its timeout, and this time its close is logged and its ephemeral goes
        Poll.await().until(() -> watcher.exists(eph, false) == null);
        watcher.close();

        server = server.restart();
        ZooKeeper again = server.client();
        assertThat(again.exists(eph, false)).isNull();
        again.close();
    }
}
