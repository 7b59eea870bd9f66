package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.server.auth.DigestAuthenticationProvider;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** ACLs as the stock client sees them: world, auth, digest, ip, super and a pluggable provider. */
class AclTest {
    @AutoClose
    static final ArborTestServer server = ArborTestServer.start(
            "DigestAuthenticationProvider.superDigest=" + DigestAuthenticationProvider.generateDigest("super:test")
                    + "\nauthProvider.1=" + TokenAuthProvider.class.getName());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ZooKeeper as(String scheme, String credentials) {
        ZooKeeper zk = server.client();
        zk.addAuthInfo(scheme, utf8(credentials));
        return zk;
    }

    @Test
    void creatorAllAclBindsTheNodeToTheCreatorsDigest() throws Exception {
        try (ZooKeeper alice = as("digest", "alice:pw");
             ZooKeeper anonymous = server.client();
             ZooKeeper wrongPassword = as("digest", "alice:nope");
             ZooKeeper aliceAgain = as("digest", "alice:pw")) {
            alice.create("/acl-creator", utf8("secret"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            List<ACL> acl = alice.getACL("/acl-creator", new Stat());
            assertThat(acl).containsExactly(new ACL(Perms.ALL,
                    new Id("digest", DigestAuthenticationProvider.generateDigest("alice:pw"))));
            assertThatThrownBy(() -> anonymous.getData("/acl-creator", false, null))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> wrongPassword.setData("/acl-creator", utf8("x"), -1))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThat(aliceAgain.getData("/acl-creator", false, null)).isEqualTo(utf8("secret"));
        }
    }

    @Test
    void authSchemeWithoutAnAuthenticatedIdIsAnInvalidAcl() {
        try (ZooKeeper anonymous = server.client()) {
            assertThatThrownBy(() -> anonymous.create("/acl-noauth", new byte[0], Ids.CREATOR_ALL_ACL,
                    CreateMode.PERSISTENT)).isInstanceOf(KeeperException.InvalidACLException.class);
            assertThatThrownBy(() -> anonymous.create("/acl-badworld", new byte[0],
                    Arrays.asList(new ACL(Perms.ALL, new Id("world", "everyone"))), CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.InvalidACLException.class);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachOperationNeedsItsPermission() throws Exception {
        try (ZooKeeper owner = as("digest", "owner:pw"); ZooKeeper other = server.client()) {
            Id ownerId = new Id("digest", DigestAuthenticationProvider.generateDigest("owner:pw"));
            // Everyone may READ; only the owner may do the rest.
            List<ACL> acl = Arrays.asList(new ACL(Perms.READ, Ids.ANYONE_ID_UNSAFE), new ACL(Perms.ALL, ownerId));
            owner.create("/perm", utf8("v"), acl, CreateMode.PERSISTENT);
            owner.create("/perm/child", new byte[0], acl, CreateMode.PERSISTENT);

            assertThat(other.getData("/perm", false, null)).isEqualTo(utf8("v"));
            assertThat(other.getChildren("/perm", false)).containsExactly("child");
            assertThatThrownBy(() -> other.create("/perm/x", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> other.delete("/perm/child", -1))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> other.setData("/perm", utf8("w"), -1))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> other.setACL("/perm", Ids.OPEN_ACL_UNSAFE, -1))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            // Without ADMIN, getACL masks digests.
            assertThat(other.getACL("/perm", new Stat())).contains(new ACL(Perms.ALL, new Id("digest", "owner:x")));
            assertThat(owner.getACL("/perm", new Stat())).contains(new ACL(Perms.ALL, ownerId));

            Stat stat = owner.setACL("/perm/child", Arrays.asList(new ACL(Perms.ALL, ownerId)), 0);
            assertThat(stat.getAversion()).isEqualTo(1);
            assertThatThrownBy(() -> owner.setACL("/perm/child", Ids.READ_ACL_UNSAFE, 0))
                    .isInstanceOf(KeeperException.BadVersionException.class);
            // Giving up ADMIN is allowed; after it even the owner may not change the ACL again.
            owner.setACL("/perm/child", Ids.READ_ACL_UNSAFE, 1);
            assertThatThrownBy(() -> owner.setACL("/perm/child", Ids.OPEN_ACL_UNSAFE, 2))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            owner.delete("/perm/child", -1);
            owner.delete("/perm", -1);
        }
    }

    @Test
    void ipAclsMatchTheClientAddressByCidr() throws Exception {
        try (ZooKeeper zk = server.client()) {
            zk.create("/ip-local", new byte[0], Arrays.asList(new ACL(Perms.ALL, new Id("ip", "127.0.0.0/8"))),
                    CreateMode.PERSISTENT);
            zk.create("/ip-elsewhere", new byte[0], Arrays.asList(new ACL(Perms.ALL, new Id("ip", "10.1.0.0/16"))),
                    CreateMode.PERSISTENT);
            assertThat(zk.exists("/ip-local", false)).isNotNull();
            assertThatThrownBy(() -> zk.getData("/ip-elsewhere", false, null))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> zk.create("/ip-bad", new byte[0],
                    Arrays.asList(new ACL(Perms.ALL, new Id("ip", "not-an-address"))), CreateMode.PERSISTENT))
                    .isInstanceOf(KeeperException.InvalidACLException.class);
        }
    }

    @Test
    void theSuperDigestBypassesEveryAcl() throws Exception {
        try (ZooKeeper bob = as("digest", "bob:pw"); ZooKeeper admin = as("digest", "super:test")) {
            bob.create("/bobs", utf8("mine"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            assertThat(admin.getData("/bobs", false, null)).isEqualTo(utf8("mine"));
            admin.setData("/bobs", utf8("taken"), -1);
            admin.delete("/bobs", -1);
            assertThat(admin.exists("/bobs", false)).isNull();
        }
    }

    @Test
    void aPluggableProviderAuthenticatesAndMatches() throws Exception {
        try (ZooKeeper carol = as("token", "secret-of-carol"); ZooKeeper dave = as("token", "secret-of-dave")) {
            carol.create("/tokens", utf8("c"), Arrays.asList(new ACL(Perms.ALL, new Id("token", "carol"))),
                    CreateMode.PERSISTENT);
            assertThat(carol.getData("/tokens", false, null)).isEqualTo(utf8("c"));
            assertThatThrownBy(() -> dave.getData("/tokens", false, null))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            // "auth" expands to the authenticated ids of the connection, here the token id.
            carol.create("/tokens/auth", new byte[0], Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
            assertThat(carol.getACL("/tokens/auth", new Stat()))
                    .containsExactly(new ACL(Perms.ALL, new Id("token", "carol")));
        }
    }

    @Test
    void whoAmIListsTheConnectionsIdentities() throws Exception {
        try (ZooKeeper zk = as("digest", "erin:pw")) {
            List<ClientInfo> infos = zk.whoAmI();
            assertThat(infos).extracting(ClientInfo::getAuthScheme, ClientInfo::getUser)
                    .contains(org.assertj.core.groups.Tuple.tuple("ip", "127.0.0.1"),
                            org.assertj.core.groups.Tuple.tuple("digest", "erin"));
        }
    }

    @Test
    void aFailedAuthenticationEndsTheSessionWithAuthFailed() throws Exception {
        RecordingWatcher events = new RecordingWatcher();
        ZooKeeper zk = server.client(server.connectString(), 10_000, events);
        long failuresBefore = server.server().context().stats().authFailures();
        try {
            zk.addAuthInfo("token", utf8("forged"));
            events.awaitState(Watcher.Event.KeeperState.AuthFailed);
            // counted for operators (mntr zk_auth_failed_count)
            assertThat(server.server().context().stats().authFailures()).isEqualTo(failuresBefore + 1);
        } finally {
            zk.close();
        }
    }
}
