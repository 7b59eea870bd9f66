package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.it.ConnectedClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition harness itself: every server dials the others through its own proxies only, also after a
 * leader has replicated its view of the peers' addresses (Ratis keeps each member's first address per peer), so
 * that cutting the proxies between two servers really separates them.
 */
class PartitionedEnsembleTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the servers' logs stay for a failure
    Path dir;

    private PartitionedEnsemble ensemble;

    @AfterEach
    void stop() throws Exception {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    /** Writes one node through server {@code id} itself and returns the zxid it got. */
    private long writeThrough(long id, String path) throws Exception {
        ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, ensemble.directConnectString(id), 6_000, e -> { });
        try {
            zk.create(path, path.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
            return zk.exists(path, false).getMzxid();
        } finally {
            zk.close();
        }
    }

    /** Connections forwarded so far between {@code x} and {@code y}, either way, on either port. */
    private long forwardedBetween(long x, long y) {
        long n = 0;
        for (PartitionedEnsemble.PeerProxies p : List.of(ensemble.proxies(x, y), ensemble.proxies(y, x))) {
            n += p.quorum().forwardedConnections() + p.election().forwardedConnections();
        }
        return n;
    }

    /** Cuts {@code leader} off, checks the other two elect a leader through their own proxies, heals. */
    private long isolateLeaderAndAwaitAnother(long leader, String marker) throws Exception {
        List<Long> others = ensemble.ids().stream().filter(id -> id != leader).toList();
        long a = others.get(0);
        long b = others.get(1);
        // bytes, not connections: Ratis may reuse a connection a and b opened in an earlier election
        long betweenOthersBefore = ensemble.proxies(a, b).quorum().forwardedBytes()
                + ensemble.proxies(b, a).quorum().forwardedBytes();
        long leaderZxid = ensemble.zxid(leader);

        ensemble.cutLink(leader, a);
        ensemble.cutLink(leader, b);
        long acrossTheCut = forwardedBetween(leader, a) + forwardedBetween(leader, b);
        // The replicated configuration names a and b by the cut leader's proxies (leader>a, leader>b): had a and
        // b taken those addresses, they could not reach each other now and nobody would be elected.
        long next = Awaitility.await("a leader among " + others).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    String ma = ensemble.mode(a);
                    String mb = ensemble.mode(b);
                    if ("leader".equals(ma) && "follower".equals(mb)) {
                        return a;
                    }
                    if ("leader".equals(mb) && "follower".equals(ma)) {
                        return b;
                    }
                    return -1L;
                }, id -> id > 0);
        assertThat(ensemble.proxies(a, b).quorum().forwardedBytes()
                + ensemble.proxies(b, a).quorum().forwardedBytes())
                .as("the election went through the two members' own proxies").isGreaterThan(betweenOthersBefore);
        long written = Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> writeThrough(next, marker), z -> z > 0);
        // the cut one is really apart: no connection crossed the cut, and it learns nothing the others commit
        assertThat(forwardedBetween(leader, a) + forwardedBetween(leader, b)).as("connections across the cut")
                .isEqualTo(acrossTheCut);
        assertThat(ensemble.zxid(leader)).as("zxid of the cut-off server").isLessThan(written)
                .isGreaterThanOrEqualTo(leaderZxid);

        ensemble.healAll();
        Awaitility.await("server " + leader + " catches up").atMost(Duration.ofSeconds(30))
                .until(() -> ensemble.zxid(leader) >= written);
        return ensemble.awaitLeader(Duration.ofSeconds(30));
    }

    @Test
    @Timeout(120)
    void aLeaderCutOffFromTheOthersStepsDown() throws Exception {
        ensemble = PartitionedEnsemble.start(dir, 3);
        long leader = ensemble.awaitLeader(Duration.ofSeconds(60));
        for (long other : ensemble.ids()) {
            if (other != leader) {
                ensemble.cutLink(leader, other);
            }
        }
        // ZooKeeper's leader gives up within syncLimit ticks once no quorum follows it, and stops serving
        Awaitility.await("server " + leader + " steps down").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> !"leader".equals(ensemble.mode(leader)));
    }

    @Test
    @Timeout(150)
    void cuttingALeaderOffLeavesTheOthersToElectOneThroughTheirOwnProxies() throws Exception {
        ensemble = PartitionedEnsemble.start(dir, 3);
        long first = ensemble.awaitLeader(Duration.ofSeconds(60));
        writeThrough(first, "/before");
        for (long follower : ensemble.ids()) {
            if (follower != first) {
                assertThat(ensemble.proxies(follower, first).election().forwardedConnections())
                        .as("follower " + follower + " links to the leader through its own proxy").isPositive();
            }
        }
        long second = isolateLeaderAndAwaitAnother(first, "/after-first");
        // now the replicated configuration is the second leader's view; do it again the other way round
        isolateLeaderAndAwaitAnother(second, "/after-second");
    }
}
