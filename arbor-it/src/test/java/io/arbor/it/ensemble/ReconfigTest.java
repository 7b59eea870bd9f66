package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.it.ConnectedClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.admin.ZooKeeperAdmin;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * reconfig through the stock ZooKeeperAdmin client: with reconfigEnabled a super user adds a server (started
 * with a configuration that names it) and removes one; the Raft membership changes with it, and every member
 * shows the new membership in /zookeeper/config with the reconfig's zxid as its version.
 */
class ReconfigTest extends InProcessEnsembleTest {
    private static final String SUPER = "super:secret";


    private static String config(ZooKeeper zk) throws Exception {
        return new String(zk.getConfig(false, null), StandardCharsets.UTF_8);
    }

    private ZooKeeperAdmin admin(long server, boolean asSuper) {
        ZooKeeperAdmin admin = ConnectedClient.open((c, t, w) -> new ZooKeeperAdmin(c, t, w),
                ensemble.connectString(server), 4000, e -> { });
        if (asSuper) {
            admin.addAuthInfo("digest", SUPER.getBytes(StandardCharsets.UTF_8));
        }
        return admin;
    }

    @Test
    void aSuperUserAddsAServerAndRemovesOneAndEveryMemberShowsTheNewMembership() throws Exception {
        ensemble = InProcessEnsemble.withSpares(dir, "reconfigEnabled=true\nDigestAuthenticationProvider.superDigest="
                + DigestAuthenticationProvider.generateDigest(SUPER), 3, "participant", "participant",
                "participant", "participant");
        long leader = ensemble.awaitLeader();
        long follower = ensemble.followers().get(0);

        try (ZooKeeperAdmin anyone = admin(follower, false)) {
            assertThatThrownBy(() -> anyone.reconfigure(ensemble.serverLine(4), null, null, -1, new Stat()))
                    .isInstanceOf(KeeperException.NoAuthException.class);
        }
        ensemble.startServer(4);
        try (ZooKeeperAdmin admin = admin(follower, true)) { // through a follower: forwarded to the leader
            assertThatThrownBy(() -> admin.reconfigure(ensemble.serverLine(4), null, null, 0x1234, new Stat()))
                    .isInstanceOf(KeeperException.BadVersionException.class);
            Stat stat = new Stat();
            String added = new String(admin.reconfigure(ensemble.serverLine(4), null, null, -1, stat),
                    StandardCharsets.UTF_8);
            assertThat(added).contains(ensemble.serverLine(4)).endsWith("version=" + Long.toHexString(stat.getMzxid()));
            assertThat(added.lines().filter(l -> l.startsWith("server."))).hasSize(4);
        }
        ensemble.awaitLeader(); // server 4 serves too
        try (ZooKeeper on4 = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(4), 4000, e -> { })) {
            on4.create("/joined", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertThat(config(on4).lines().filter(l -> l.startsWith("server."))).hasSize(4);
        }
        for (long id = 1; id <= 3; id++) {
            long server = id;
            try (ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(id), 4000, e -> { })) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> config(zk).contains("server.4="));
                assertThat(zk.exists("/joined", false)).as("server %d", server).isNotNull();
            }
        }

        // server 4 becomes an observer: it stays in the membership, without a vote
        String asObserver = ensemble.serverLine(4).replace(":participant;", ":observer;");
        try (ZooKeeperAdmin admin = admin(leader, true)) {
            String after = new String(admin.reconfigure(asObserver, null, null, -1, new Stat()),
                    StandardCharsets.UTF_8);
            assertThat(after).contains(asObserver);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "observer".equals(ensemble.server(4).ensemble().mode()));
        try (ZooKeeper on4 = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(4), 4000, e -> { })) {
            on4.create("/as-observer", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }

        // a follower leaves: the others go on as three, it stops serving
        long leaving = ensemble.followers().stream().filter(id -> id != 4).findFirst().orElseThrow();
        // with 4 an observer, the voters after this are the leader and one follower
        try (ZooKeeperAdmin admin = admin(leader, true)) {
            String after = new String(admin.reconfigure(null, String.valueOf(leaving), null, -1, new Stat()),
                    StandardCharsets.UTF_8);
            assertThat(after).doesNotContain("server." + leaving + "=");
            assertThat(after.lines().filter(l -> l.startsWith("server."))).hasSize(3);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ensemble.server(leaving).ensemble().notServing() != null);
        ensemble.stopServer(leaving);
        long now = ensemble.awaitLeader();
        try (ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, ensemble.connectString(now), 4000, e -> { })) {
            zk.create("/after", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    @Test
    void withoutReconfigEnabledAReconfigIsRefused() throws Exception {
        ensemble = InProcessEnsemble.ofThree(dir);
        long leader = ensemble.awaitLeader();
        try (ZooKeeperAdmin admin = admin(leader, false)) {
            assertThatThrownBy(() -> admin.reconfigure(null, "1", null, -1, new Stat()))
                    .isInstanceOf(KeeperException.ReconfigDisabledException.class);
        }
        List<Long> followers = ensemble.followers();
        try (ZooKeeperAdmin admin = admin(followers.get(0), false)) {
            assertThatThrownBy(() -> admin.reconfigure(null, "1", null, -1, new Stat()))
                    .isInstanceOf(KeeperException.ReconfigDisabledException.class);
        }
    }
}
