package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.it.ConnectedClient;
import io.arbor.it.FourLetterWord;
import io.arbor.server.ensemble.EnsembleMember;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An observer ({@code server.N=...:observer}) receives the log and serves reads and forwards writes, but does not
 * vote: with two of the three voters down there is no quorum even though the observer is up.
 */
class ObserverTest extends InProcessEnsembleTest {

    @Test
    void anObserverServesReadsAndForwardsWritesButDoesNotVote() throws Exception {
        ensemble = InProcessEnsemble.start(dir, "participant", "participant", "participant", "observer");
        long leader = ensemble.awaitLeader();
        assertThat(leader).isNotEqualTo(4);
        assertThat(ensemble.server(4).ensemble().role()).isEqualTo(EnsembleMember.Role.OBSERVING);
        assertThat(FourLetterWord.send(ensemble.clientPort(4), "srvr")).contains("Mode: observer\n");

        try (ZooKeeper onObserver = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(4), 4000, e -> { })) {
            onObserver.create("/via-observer", "x".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
            assertThat(onObserver.getData("/via-observer", false, null)).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        }
        try (ZooKeeper onLeader = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(leader), 4000,
                e -> { })) {
            assertThat(onLeader.exists("/via-observer", false)).isNotNull();
        }

        // the two other voters down: the leader and the observer are no majority of the three voters
        long[] others = ensemble.followers().stream().mapToLong(Long::longValue).filter(id -> id != 4).toArray();
        ensemble.stopServer(others[0]);
        ensemble.stopServer(others[1]);
        long survivor = leader;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> ensemble.server(survivor).ensemble().notServing() != null
                        && ensemble.server(4).ensemble().notServing() != null);
        // and stays so: no term passes in which it leads
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(
                () -> ensemble.server(survivor).ensemble().role() != EnsembleMember.Role.LEADING
                        && ensemble.server(4).ensemble().role() != EnsembleMember.Role.LEADING);
    }
}
