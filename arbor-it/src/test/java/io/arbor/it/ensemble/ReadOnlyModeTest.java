package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.it.ConnectedClient;
import io.arbor.it.FourLetterWord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * readonlymode.enabled: a member cut off from the quorum serves the stock client's read-only sessions
 * (ConnectedReadOnly) with the data it has, refuses their writes with NotReadOnly, says "ro" to isro, and
 * drops them once the quorum is back, when the client finds a read-write server.
 */
class ReadOnlyModeTest extends InProcessEnsembleTest {

    @Test
    void aServerWithoutQuorumServesReadOnlySessionsUntilTheQuorumIsBack() throws Exception {
        ensemble = InProcessEnsemble.withConfig(dir, "readonlymode.enabled=true", "participant", "participant",
                "participant");
        long leader = ensemble.awaitLeader();
        try (ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(leader), 4000, e -> { })) {
            zk.create("/kept", "before".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
        }
        List<Long> followers = ensemble.followers();
        long survivor = followers.get(0);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ensemble.server(survivor).context().tree().get("/kept") != null);
        ensemble.stopServer(leader);
        ensemble.stopServer(followers.get(1));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> ensemble.server(survivor).ensemble().notServing() != null);
        assertThat(FourLetterWord.send(ensemble.clientPort(survivor), "isro")).isEqualTo("ro");

        List<Watcher.Event.KeeperState> states = new CopyOnWriteArrayList<>();
        ZooKeeper ro = new ZooKeeper(ensemble.connectString(survivor), 4000, e -> states.add(e.getState()), true);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> states.contains(Watcher.Event.KeeperState.ConnectedReadOnly));
            assertThat(ro.getData("/kept", false, null)).isEqualTo("before".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> ro.create("/new", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.NotReadOnlyException.class);
            assertThatThrownBy(() -> ro.setData("/kept", null, -1))
                    .isInstanceOf(KeeperException.NotReadOnlyException.class);
            // a client that does not accept a read-only server is not served at all
            ZooKeeper rw = new ZooKeeper(ensemble.connectString(survivor), 4000, e -> { });
            try {
                Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                        .until(() -> !rw.getState().isConnected());
            } finally {
                rw.close();
            }

            ensemble.startServer(leader);
            ensemble.startServer(followers.get(1));
            ensemble.awaitLeader();
            assertThat(FourLetterWord.send(ensemble.clientPort(survivor), "isro")).isEqualTo("rw");
            // dropped, the client looks for a read-write server and gets a session there
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> states.contains(Watcher.Event.KeeperState.SyncConnected));
            ro.create("/new", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertThat(ro.exists("/new", false)).isNotNull();
        } finally {
            ro.close();
        }
    }
}
