package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.it.ConnectedClient;
import io.arbor.server.tree.DataNode;
import io.arbor.server.tree.DataTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Raft snapshots: with a small snapCount every member snapshots its tree and drops the log the snapshot covers;
 * a follower that was down while the leader dropped the log it needs is sent the leader's snapshot and ends with
 * the same tree; a restart of every server loads its snapshot and replays the rest.
 */
class EnsembleSnapshotTest extends InProcessEnsembleTest {

    private static void createAll(ZooKeeper zk, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            zk.create(prefix + i, ("d" + i).getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
        }
    }

    private static long snapshotFiles(Path dataDir) throws Exception {
        try (Stream<Path> files = Files.walk(dataDir.resolve("raft"))) {
            return files.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).count();
        }
    }

    /** Waits until {@code id}'s tree has every node of the leader's, Stat for Stat. */
    private void awaitSameTree(long leader, long id) {
        DataTree want = ensemble.server(leader).context().tree();
        DataTree got = ensemble.server(id).context().tree();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> got.lastProcessedZxid() == want.lastProcessedZxid());
        List<String> paths = new java.util.ArrayList<>();
        want.walk(n -> paths.add(n.path()));
        assertThat(got.nodeCount()).isEqualTo(want.nodeCount());
        for (String p : paths) {
            DataNode w = want.get(p);
            DataNode g = got.get(p);
            assertThat(g).as(p + " on server " + id).isNotNull();
            assertThat(g.stat()).as(p).isEqualTo(w.stat());
            assertThat(g.data()).as(p).isEqualTo(w.data());
        }
    }

    @Test
    void aFollowerBehindTheLeadersLogIsSentItsSnapshotAndARestartLoadsSnapshots() throws Exception {
        ensemble = InProcessEnsemble.withConfig(dir, "snapCount=20\npreAllocSize=4", "participant", "participant", "participant");
        long leader = ensemble.awaitLeader();
        long lagging = ensemble.followers().get(0);
        try (ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(leader), 4000, e -> { })) {
            zk.create("/a", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            createAll(zk, "/a/n", 100);
        }
        for (long id = 1; id <= 3; id++) {
            long server = id;
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> snapshotFiles(dir.resolve("s" + server)) > 0);
        }
        long lastSeen = ensemble.server(lagging).ensemble().snapshotIndex();
        ensemble.stopServer(lagging);

        try (ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(leader), 4000, e -> { })) {
            zk.create("/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            createAll(zk, "/b/n", 200);
            for (int i = 0; i < 100; i++) {
                zk.setData("/a/n" + i, ("changed" + i).getBytes(StandardCharsets.UTF_8), -1);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> ensemble.server(leader).ensemble().snapshotIndex() > lastSeen + 100);

        ensemble.startServer(lagging);
        ensemble.awaitLeader();
        awaitSameTree(leader, lagging);
        // it loaded its own snapshot at start, then the one the leader sent: the log it missed is gone
        assertThat(ensemble.server(lagging).ensemble().snapshotsLoaded()).isGreaterThanOrEqualTo(2);

        for (long id = 1; id <= 3; id++) {
            ensemble.stopServer(id);
        }
        for (long id = 1; id <= 3; id++) {
            ensemble.startServer(id);
        }
        long newLeader = ensemble.awaitLeader();
        for (long id = 1; id <= 3; id++) {
            assertThat(ensemble.server(id).ensemble().snapshotsLoaded()).as("server %d loaded a snapshot", id)
                    .isPositive();
        }
        for (long id : ensemble.followers()) {
            awaitSameTree(newLeader, id);
        }
        try (ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(newLeader), 4000,
                e -> { })) {
            assertThat(zk.getChildren("/a", false)).hasSize(100);
            assertThat(zk.getChildren("/b", false)).hasSize(200);
            assertThat(zk.getData("/a/n7", false, null)).isEqualTo("changed7".getBytes(StandardCharsets.UTF_8));
        }
    }
}
