package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.it.ConnectedClient;
import io.arbor.it.FourLetterWord;
import io.arbor.it.Poll;
import io.arbor.it.RawClient;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.OpCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Arbor servers configured as a ZooKeeper ensemble is (server.N lines, myid), with the stock ZooKeeper
 * client: writes sent to any server are applied by every server in the same order, Stat for Stat; a client reads
 * its own writes on its server; sessions are the ensemble's, wherever they were made.
 */
class EnsembleBasicsTest {
    @TempDir
    Path dir;

    private InProcessEnsemble ensemble;
    private final List<ZooKeeper> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private ZooKeeper connect(String connectString) {
        ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, connectString, 4000, e -> { });
        clients.add(zk);
        return zk;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesThroughAFollowerReachEveryServerInOneOrderAndTheClientReadsItsOwnWrites() throws Exception {
        ensemble = InProcessEnsemble.ofThree(dir);
        long leader = ensemble.awaitLeader();
        List<Long> followers = ensemble.followers();
        ZooKeeper onFollower = connect(ensemble.connectString(followers.get(0)));
        ZooKeeper onLeader = connect(ensemble.connectString(leader));

        onFollower.create("/app", utf8("v0"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        // read-your-writes on the follower: the answer came once that server applied the txn
        assertThat(onFollower.getData("/app", false, null)).isEqualTo(utf8("v0"));
        Stat set = onFollower.setData("/app", utf8("v1"), 0);
        assertThat(set.getVersion()).isEqualTo(1);
        // errors come back in their place, from the leader's checks
        assertThatThrownBy(() -> onFollower.setData("/app", utf8("stale"), 0))
                .isInstanceOf(KeeperException.BadVersionException.class);
        assertThatThrownBy(() -> onFollower.create("/app", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NodeExistsException.class);
        // sequential names come from the leader's one counter, whichever server the create came through
        String s1 = onFollower.create("/app/q-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        String s2 = onLeader.create("/app/q-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        assertThat(s1).isEqualTo("/app/q-0000000000");
        assertThat(s2).isEqualTo("/app/q-0000000001");

        // async writes pipelined through the follower keep their order
        List<CompletableFuture<Integer>> versions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Integer> v = new CompletableFuture<>();
            onFollower.setData("/app", utf8("a" + i), -1, (rc, path, ctx, stat) -> {
                if (rc == 0) {
                    v.complete(stat.getVersion());
                } else {
                    v.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc)));
                }
            }, null);
            versions.add(v);
        }
        for (int i = 0; i < versions.size(); i++) {
            assertThat(versions.get(i).get()).isEqualTo(2 + i);
        }

        // sync brings the other follower up to the leader; then every server shows the same Stat
        Stat want = onLeader.exists("/app", false);
        for (long id : followers) {
            ZooKeeper zk = connect(ensemble.connectString(id));
            zk.sync("/app", (rc, path, ctx) -> { }, null);
            Poll.await().until(() -> zk.exists("/app", false) != null
                    && zk.exists("/app", false).getMzxid() == want.getMzxid());
            Stat got = zk.exists("/app", false);
            assertThat(got).isEqualTo(want);
            assertThat(zk.getData("/app", false, null)).isEqualTo(utf8("a199"));
            assertThat(zk.getChildren("/app", false)).containsExactlyInAnyOrder("q-0000000000", "q-0000000001");
        }
        // the ensemble's zxids carry the leader's epoch (its Raft term) in their high half
        assertThat(want.getMzxid() >>> 32).isPositive();
    }

    @Test
    void aSessionMadeOnAFollowerOwnsItsEphemeralsEverywhereAndClosingItRemovesThem() throws Exception {
        ensemble = InProcessEnsemble.ofThree(dir);
        long leader = ensemble.awaitLeader();
        long follower = ensemble.followers().get(0);
        ZooKeeper owner = connect(ensemble.connectString(follower));
        owner.create("/e", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        ZooKeeper watcher = connect(ensemble.connectString(leader));
        Poll.await().until(() -> watcher.exists("/e", false) != null);
        assertThat(watcher.exists("/e", false).getEphemeralOwner()).isEqualTo(owner.getSessionId());

        owner.close();
        clients.remove(owner);
        Poll.await().until(() -> watcher.exists("/e", false) == null);
    }

    @Test
    void aConnectionThatNoLongerOwnsItsSessionCannotWriteForIt() throws Exception {
        ensemble = InProcessEnsemble.ofThree(dir);
        ensemble.awaitLeader();
        List<Long> followers = ensemble.followers();
        try (RawClient old = new RawClient(ensemble.clientPort(followers.get(0)));
                RawClient moved = new RawClient(ensemble.clientPort(followers.get(1)))) {
            RawClient.Handshake h = old.connect(4000);
            RawClient.Handshake again = moved.connect(0, 4000, h.sessionId(), h.passwd());
            assertThat(again.sessionId()).isEqualTo(h.sessionId());

            // the client moved: a write still arriving on the old server's connection is refused (SessionMoved:
            // that connection is closed) and does not happen
            old.send(OpCode.CREATE, RawClient.create("/stale", new byte[0], 0));
            old.bytesUntilClosed();
            RawClient.Reply created = moved.call(OpCode.CREATE, RawClient.create("/fresh", new byte[0], 0));
            assertThat(created.err()).isZero();
            RawClient.Reply stale = moved.call(OpCode.EXISTS, RawClient.pathWatch("/stale", false));
            assertThat(stale.err()).isEqualTo(ErrorCode.NO_NODE);
        }
    }

    @Test
    void zookeeperConfigShowsTheMembershipOnEveryServer() throws Exception {
        ensemble = InProcessEnsemble.ofThree(dir);
        ensemble.awaitLeader();
        for (long id = 1; id <= 3; id++) {
            ZooKeeper zk = connect(ensemble.connectString(id));
            String config = new String(zk.getConfig(false, null), StandardCharsets.UTF_8);
            assertThat(config.lines()).hasSize(4).last().isEqualTo("version=0");
            for (long member = 1; member <= 3; member++) {
                assertThat(config).contains("server." + member + "=127.0.0.1:")
                        .contains(":participant;127.0.0.1:" + ensemble.clientPort(member));
            }
        }
    }

    @Test
    void everyServerReportsItsModeAsZooKeeperDoes() {
        ensemble = InProcessEnsemble.ofThree(dir);
        long leader = ensemble.awaitLeader();
        assertThat(FourLetterWord.send(ensemble.clientPort(leader), "srvr")).contains("Mode: leader\n");
        assertThat(FourLetterWord.send(ensemble.clientPort(leader), "mntr")).contains("zk_server_state\tleader\n");
        for (long id : ensemble.followers()) {
            assertThat(FourLetterWord.send(ensemble.clientPort(id), "srvr")).contains("Mode: follower\n");
        }
    }
}
