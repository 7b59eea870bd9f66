package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.it.ConnectedClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Arbor servers in processes of their own, clients with the stock ZooKeeper client on the whole
 * ensemble's connect string writing all the time: SIGKILL the leader, a follower, and then every server.
 * No acknowledged write is lost, no session that kept heart-beating expires, writes go on once a new leader
 * serves, and a server started again catches up.
 */
class FailoverTest {
    // the longest tickTime=500 allows: a whole-ensemble restart on a loaded two-core machine takes seconds
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final Duration WRITES_RESUME = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EnsembleProcesses ensemble;

    @AfterEach
    void stop() throws Exception {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private void awaitMoreWrites(FailoverLoad load, long more) {
        long from = load.acknowledged();
        Awaitility.await().atMost(WRITES_RESUME).pollInterval(Duration.ofMillis(50))
                .until(() -> load.acknowledged() >= from + more);
    }

    private void verifyOn(String connectString, FailoverLoad load) throws Exception {
        ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, connectString, SESSION_TIMEOUT_MS, e -> { });
        try {
            load.verify(zk);
        } finally {
            zk.close();
        }
    }

    /** Once each server has applied all the leader has, it holds every acknowledged write. */
    private void verifyEverywhere(FailoverLoad load) throws Exception {
        long leader = ensemble.awaitLeader(Duration.ofSeconds(60));
        long target = ensemble.zxid(leader);
        for (long id : List.of(1L, 2L, 3L)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.zxid(id) >= target);
            verifyOn(ensemble.connectString(id), load);
        }
    }

    @Test
    void killingTheLeaderThenAFollowerThenEveryServerLosesNoAcknowledgedWriteAndExpiresNoSession()
            throws Exception {
        ensemble = EnsembleProcesses.start(dir, 3);
        long leader = ensemble.awaitLeader(Duration.ofSeconds(60));
        try (FailoverLoad load = FailoverLoad.start(ensemble.connectString(), 4, SESSION_TIMEOUT_MS)) {
            List<Long> sessions = load.sessionIds();
            awaitMoreWrites(load, 200);

            ensemble.kill9(leader);
            long second = ensemble.awaitLeader(Duration.ofSeconds(30));
            assertThat(second).isNotEqualTo(leader);
            awaitMoreWrites(load, 200);

            ensemble.startServer(leader); // its Raft log replays, then it catches up on what it missed
            ensemble.awaitLeader(Duration.ofSeconds(30));
            awaitMoreWrites(load, 100);
            long follower = second == 1 ? 2 : 1;
            if (follower == second) {
                follower = 3;
            }
            ensemble.kill9(follower);
            awaitMoreWrites(load, 200);
            ensemble.startServer(follower);
            ensemble.awaitLeader(Duration.ofSeconds(30));
            awaitMoreWrites(load, 100);

            load.stop();
            assertThat(load.unexpectedErrors()).isEmpty();
            assertThat(load.expiredSessions()).as("sessions that kept heart-beating").isEmpty();
            assertThat(load.sessionIds()).as("the same sessions throughout").isEqualTo(sessions);
            verifyEverywhere(load);

            // every server at once: what was acknowledged is still there after they all come back
            for (long id : List.of(1L, 2L, 3L)) {
                ensemble.kill9(id);
            }
            for (long id : List.of(1L, 2L, 3L)) {
                ensemble.startServer(id);
            }
            verifyEverywhere(load);
            assertThat(load.expiredSessions()).as("sessions across a restart of the whole ensemble").isEmpty();
        }
    }
}
