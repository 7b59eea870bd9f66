package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a server wrote survives a restart on the same directories: nodes, data, Stats, sequence counters and
 * sessions (which clients re-attach to, or which expire and take their ephemerals with them).
 */
class DurabilityTest {
    private static final List<org.apache.zookeeper.data.ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;

    @TempDir
    Path dataDir;

    @Test
    void nodesStatsAndSequenceCountersSurviveARestart() throws Exception {
        ArborTestServer server = ArborTestServer.start(dataDir, "");
        Stat before = new Stat();
        Stat seqParentBefore;
        List<String> seqBefore;
        ZooKeeper zk = server.client();
        try {
            zk.create("/app", "v0".getBytes(StandardCharsets.UTF_8), OPEN, CreateMode.PERSISTENT);
            zk.setData("/app", "v1".getBytes(StandardCharsets.UTF_8), -1);
            zk.setData("/app", "v2".getBytes(StandardCharsets.UTF_8), 1);
            zk.create("/app/child", new byte[0], ZooDefs.Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/q", new byte[0], OPEN, CreateMode.PERSISTENT);
            for (int i = 0; i < 3; i++) {
                zk.create("/q/job-", new byte[] {(byte) i}, OPEN, CreateMode.PERSISTENT_SEQUENTIAL);
            }
            zk.delete("/q/job-0000000001", -1);
            zk.getData("/app", false, before);
            seqParentBefore = zk.exists("/q", false);
            seqBefore = zk.getChildren("/q", false);
        } finally {
            zk.close();
        }

        server = server.restart();
        try {
            zk = server.client();
            try {
                Stat after = new Stat();
                assertThat(new String(zk.getData("/app", false, after), StandardCharsets.UTF_8)).isEqualTo("v2");
                assertThat(after).isEqualTo(before);
                assertThat(zk.getACL("/app/child", new Stat())).isEqualTo(ZooDefs.Ids.READ_ACL_UNSAFE);
                assertThat(zk.exists("/q", false)).isEqualTo(seqParentBefore);
                assertThat(zk.getChildren("/q", false)).containsExactlyInAnyOrderElementsOf(seqBefore)
                        .containsExactlyInAnyOrder("job-0000000000", "job-0000000002");
                assertThat(zk.create("/q/job-", new byte[0], OPEN, CreateMode.PERSISTENT_SEQUENTIAL))
                        .as("the sequence counter goes on where it was").isEqualTo("/q/job-0000000003");
                Stat fresh = new Stat();
                zk.create("/later", new byte[0], OPEN, CreateMode.PERSISTENT, fresh);
                assertThat(fresh.getCzxid()).as("zxids go on after the recovered ones")
                        .isGreaterThan(seqParentBefore.getPzxid());
            } finally {
                zk.close();
            }

            // and a second restart reads both runs' segments
            server = server.restart();
            zk = server.client();
            try {
                assertThat(zk.getChildren("/q", false)).hasSize(3);
                assertThat(zk.exists("/later", false)).isNotNull();
            } finally {
                zk.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void sessionsComeBackAndExpireIfTheirClientsDoNot() throws Exception {
        ArborTestServer server = ArborTestServer.start(dataDir, "");
        ZooKeeper returning = server.client(server.connectString(), 4000, e -> { });
        ZooKeeper vanishing = server.client(server.connectString(), 2000, e -> { });
        ZooKeeper reattached = null;
        try {
            returning.create("/eph-returning", new byte[0], OPEN, CreateMode.EPHEMERAL);
            vanishing.create("/eph-vanishing", new byte[0], OPEN, CreateMode.EPHEMERAL);
            long returningId = returning.getSessionId();
            byte[] returningPassword = returning.getSessionPasswd();
            long vanishingId = vanishing.getSessionId();

            // the server goes away under both open sessions; their clients keep trying the old port
            server = server.restart();
            assertThat(server.server().context().sessions().get(vanishingId)).as("recovered session").isNotNull();
            // asked of the tree at once: the recovered session has its whole timeout from the restart
            assertThat(server.server().context().tree().get("/eph-vanishing")).as("still there right after the"
                    + " restart").isNotNull();

            CountDownLatch connected = new CountDownLatch(1);
            reattached = new ZooKeeper(server.connectString(), 4000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            }, returningId, returningPassword);
            assertThat(connected.await(10, TimeUnit.SECONDS)).as("re-attached with id and password").isTrue();
            assertThat(reattached.getSessionId()).isEqualTo(returningId);
            Stat eph = reattached.exists("/eph-returning", false);
            assertThat(eph).isNotNull();
            assertThat(eph.getEphemeralOwner()).isEqualTo(returningId);

            ZooKeeper observer = server.client();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(15))
                        .until(() -> observer.exists("/eph-vanishing", false) == null);
                assertThat(server.server().context().sessions().get(vanishingId)).isNull();
                // the re-attached session outlives the other's timeout
                assertThat(reattached.exists("/eph-returning", false)).isNotNull();
            } finally {
                observer.close();
            }
        } finally {
            if (reattached != null) {
                reattached.close();
            }
            returning.close(100);
            vanishing.close(100);
            server.close();
        }
    }
}
