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
    void pipelinedWritesErrorsAndSyncsThroughAFollowerAreAnsweredInTheOrderSent() throws Exception {
        ensemble = InProcessEnsemble.ofThree(dir);
        ensemble.awaitLeader();
        ZooKeeper zk = connect(ensemble.connectString(ensemble.followers().get(0)));
        zk.create("/order", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        List<Integer> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Integer> codes = java.util.Collections.synchronizedList(new ArrayList<>());
        int n = 600;
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int op = i;
            switch (i % 3) {
                // an error (the version is never right), a txn, a sync: each kind comes back by another path
                case 0 -> zk.setData("/order", null, 1_000_000, (rc, path, ctx, stat) -> {
                    answered.add(op);
                    codes.add(rc);
                    all.countDown();
                }, null);
                case 1 -> zk.create("/order/n" + i, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                        (rc, path, ctx, name) -> {
                            answered.add(op);
                            codes.add(rc);
                            all.countDown();
                        }, null);
                default -> zk.sync("/order", (rc, path, ctx) -> {
                    answered.add(op);
                    codes.add(rc);
                    all.countDown();
                }, null);
            }
        }
        assertThat(all.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(i);
        }
        assertThat(answered).as("answers in the order the requests were sent").isEqualTo(sent);
        for (int i = 0; i < n; i++) {
            assertThat(codes.get(i)).as("op %d", i).isEqualTo(i % 3 == 0
                    ? KeeperException.Code.BADVERSION.intValue() : KeeperException.Code.OK.intValue());
        }
    }

    @Test
    void readsPipelinedBetweenWritesThroughAFollowerSeeExactlyTheWritesBeforeThem() throws Exception {
        ensemble = InProcessEnsemble.ofThree(dir);
        ensemble.awaitLeader();
        io.arbor.it.PipelinedReadsTest.eachReadSeesTheWritesBeforeItAndNoneAfter(
                connect(ensemble.connectString(ensemble.followers().get(0))));
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

    private static com.fasterxml.jackson.databind.JsonNode admin(java.net.InetSocketAddress at, String command)
            throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + at.getPort()
                        + "/commands/" + command)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }

    @Test
    void theAdminApiNamesTheLeaderTheVotersAndEachServersState() throws Exception {
        ensemble = InProcessEnsemble.withConfig(dir, "admin.enableServer=true\nadmin.serverAddress=127.0.0.1\n"
                + "admin.serverPort=0", "participant", "participant", "participant");
        long leader = ensemble.awaitLeader();
        for (long id = 1; id <= 3; id++) {
            java.net.InetSocketAddress at = ensemble.server(id).adminAddress();
            var lead = admin(at, "leader");
            assertThat(lead.get("is_leader").asBoolean()).isEqualTo(id == leader);
            assertThat(lead.get("leader_id").asLong()).isEqualTo(leader);
            assertThat(lead.get("leader_ip").asText()).isEqualTo("127.0.0.1");
            assertThat(admin(at, "monitor").get("server_state").asText()).isEqualTo(id == leader ? "leader" : "follower");
            var voters = admin(at, "voting_view").get("current_config");
            assertThat(voters.size()).isEqualTo(3);
            assertThat(voters.get(String.valueOf(id)).asText()).endsWith(":participant;127.0.0.1:" + ensemble.clientPort(id));
            assertThat(admin(at, "is_read_only").get("read_only").asBoolean()).isFalse();
        }
    }

    @Test
    void everyServerReportsItsModeAsZooKeeperDoes() {
        ensemble = InProcessEnsemble.ofThree(dir);
        long leader = ensemble.awaitLeader();
        assertThat(FourLetterWord.send(ensemble.clientPort(leader), "srvr")).contains("Mode: leader\n");
        String mntr = FourLetterWord.send(ensemble.clientPort(leader), "mntr");
        assertThat(mntr).contains("zk_server_state\tleader\n");
        // the leader counts its linked learners as ZooKeeper's does
        Poll.await().until(() -> FourLetterWord.send(ensemble.clientPort(leader), "mntr")
                .contains("zk_synced_followers\t2\n"));
        assertThat(FourLetterWord.send(ensemble.clientPort(leader), "mntr")).contains("zk_learners\t2\n")
                .contains("zk_synced_observers\t0\n");
        for (long id : ensemble.followers()) {
            assertThat(FourLetterWord.send(ensemble.clientPort(id), "srvr")).contains("Mode: follower\n");
        }
    }
}
