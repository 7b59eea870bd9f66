package io.arbor.it.diff;

import static io.arbor.it.diff.Script.OPEN;
import static io.arbor.it.diff.Script.bytes;
import static org.apache.zookeeper.CreateMode.CONTAINER;
import static org.apache.zookeeper.CreateMode.EPHEMERAL;
import static org.apache.zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL;
import static org.apache.zookeeper.CreateMode.PERSISTENT;
import static org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL;
import static org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
import static org.apache.zookeeper.CreateMode.PERSISTENT_WITH_TTL;

import io.arbor.it.ArborTestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateOptions;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test: the same scripts of client operations run through the stock ZooKeeper client against
 * Apache ZooKeeper 3.9 (curator-test's TestingServer, in this JVM) and against Arbor, step by step, and every
 * normalised outcome must be the same: return values, error codes, every Stat field, children, ACLs, multi
 * results (see {@link Normaliser} for what is normalised: zxids, session ids, times, the order of children).
 * A failure names the first step where the servers part and prints both transcripts to the test output; the
 * random scripts name their seed, to run again with {@code -Darbor.seed=S} ({@code -Darbor.seeds=N} runs
 * seeds 1 to N for a longer soak).
 *
 * <p>What the comparison settled about ZooKeeper (and Arbor now does alike):
 * <ul>
 * <li>The stored cversion counts child creates only (it names sequential children, so a delete does not
 * move the next suffix), but Stat.cversion shows {@code 2 * creates - children}: clients see it rise on
 * every create and every delete. {@code /zookeeper} shows cversion -2 for that reason.</li>
 * <li>Stat.ephemeralOwner is 0 for containers and TTL nodes: only a session owner shows.</li>
 * <li>Data sent as null is answered as null; {@code /zookeeper/config} has aversion -1.</li>
 * <li>{@code create /} answers NodeExists; a sequential create of {@code /} or of {@code /a/} makes a
 * child named by the suffix alone, such as {@code /0000000012} or {@code /a/0000000003}.</li>
 * <li>An invalid ACL is reported before anything else about the node (create and setACL).</li>
 * </ul>
 *
 * <p>Where Arbor differs from ZooKeeper on purpose (the steps are marked {@code arborAnswers}, and Arbor's
 * documented outcome is asserted). The stock client never sends any of these; other clients might:
 * <ul>
 * <li>An invalid path is refused with BadArguments by every request on a path, before the node or its
 * parent is looked at. ZooKeeper checks it only on create, delete, setData and setACL, and only after looking for the parent
 * (create) or the node (delete): it answers NoNode there, answers reads with NoNode (and treats {@code ""}
 * as the root), and echoes the path of a sync.</li>
 * <li>The container flag goes with the createContainer opcode only: container flags with create or create2,
 * or createContainer with other flags, are BadArguments. ZooKeeper creates a node anyway.</li>
 * </ul>
 */
class DifferentialTest {
    private static final String EXTENDED_TYPES = "zookeeper.extendedTypesEnabled";
    private static final long HOUR = 3_600_000L;
    private static final String BAD_ARGUMENTS = "ERR BADARGUMENTS";
    private static final int CREATE = ZooDefs.OpCode.create;
    private static final int CREATE2 = ZooDefs.OpCode.create2;
    private static final int CREATE_CONTAINER = ZooDefs.OpCode.createContainer;
    private static final int CREATE_TTL = ZooDefs.OpCode.createTTL;

    private static final String CONTAINER_CHECK_INTERVAL = "znode.container.checkIntervalMs";
    private static final int RANDOM_OPERATIONS = 300;

    private static String extendedTypesBefore;
    private static String containerCheckIntervalBefore;
    private static TestingServer zookeeperServer;
    private static ArborTestServer arborServer;

    private Target zookeeper;
    private Target arbor;
    private String testName;

    @BeforeAll
    static void startServers() throws Exception {
        // ZooKeeper reads the property on each request; Arbor reads its own configuration line.
        extendedTypesBefore = System.setProperty(EXTENDED_TYPES, "true");
        // Both servers read this at start: no container or TTL node may be reaped while a script runs.
        containerCheckIntervalBefore = System.setProperty(CONTAINER_CHECK_INTERVAL, Long.toString(HOUR));
        zookeeperServer = new TestingServer(true);
        arborServer = ArborTestServer.start("extendedTypesEnabled=true");
    }

    @AfterAll
    static void stopServers() throws Exception {
        try {
            arborServer.close();
            zookeeperServer.close();
        } finally {
            restoreProperties();
        }
    }

    private static void restoreProperties() {
        restore(EXTENDED_TYPES, extendedTypesBefore);
        restore(CONTAINER_CHECK_INTERVAL, containerCheckIntervalBefore);
    }

    private static void restore(String property, String before) {
        if (before == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, before);
        }
    }

    @BeforeEach
    void openSessions(TestInfo info) {
        testName = info.getDisplayName();
        zookeeper = new Target("ZooKeeper", zookeeperConnectString(zookeeperServer), 2);
        arbor = new Target("Arbor", arborServer.connectString(), 2);
    }

    @AfterEach
    void closeSessionsAndWipe() throws Exception {
        zookeeper.close();
        arbor.close();
        wipe(zookeeperConnectString(zookeeperServer));
        wipe(arborServer.connectString());
    }

    private static String zookeeperConnectString(TestingServer server) {
        return "127.0.0.1:" + server.getPort();
    }

    /** Deletes every node the test made, so that each test starts from the same tree on both servers. */
    private static void wipe(String connectString) throws Exception {
        ZooKeeper zk = Target.connect(connectString);
        try {
            zk.addAuthInfo("digest", bytes(ALICE));
            for (String child : zk.getChildren("/", false)) {
                if (!child.equals("zookeeper")) {
                    deleteTree(zk, "/" + child);
                }
            }
            for (String child : zk.getChildren("/zookeeper", false)) {
                if (!child.equals("config") && !child.equals("quota")) {
                    deleteTree(zk, "/zookeeper/" + child);
                }
            }
        } finally {
            zk.close();
        }
    }

    /** Deletes a node and what is below it; a leaf goes without a READ permission to list it. */
    private static void deleteTree(ZooKeeper zk, String path) throws Exception {
        try {
            zk.delete(path, -1);
        } catch (KeeperException.NotEmptyException e) {
            for (String child : zk.getChildren(path, false)) {
                deleteTree(zk, path + "/" + child);
            }
            zk.delete(path, -1);
        }
    }

    private void compare(Script script) throws InterruptedException {
        Differ.assertSameOutcomes(testName, script.steps(), zookeeper, arbor);
    }

    // ---- ACLs used by the scripts

    private static final String ALICE = "alice:secret";
    private static final String BOB = "bob:pass";

    private static Id digest(String userPassword) {
        try {
            return new Id("digest", DigestAuthenticationProvider.generateDigest(userPassword));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mutable list: the client's ACL validation calls contains(null), which List.of refuses. */
    private static List<ACL> acl(ACL... entries) {
        return new ArrayList<>(Arrays.asList(entries));
    }

    private static ACL anyone(int perms) {
        return new ACL(perms, ZooDefs.Ids.ANYONE_ID_UNSAFE);
    }

    private static ACL alice(int perms) {
        return new ACL(perms, digest(ALICE));
    }

    private static ACL entry(int perms, String scheme, String id) {
        return new ACL(perms, new Id(scheme, id));
    }

    // ---- scripts

    @Test
    void createInEveryMode() throws Exception {
        Script s = new Script();
        s.create("/c", "root", PERSISTENT)
                .create2("/c/p", "p", PERSISTENT)
                .create("/c/e", "e", EPHEMERAL)
                .create2("/c/e2", null, EPHEMERAL)
                .as(2).create2("/c/e3", "", EPHEMERAL)
                .as(1).create("/c/ps-", "a", PERSISTENT_SEQUENTIAL)
                .create2("/c/ps-", "b", PERSISTENT_SEQUENTIAL)
                .as(2).create2("/c/es-", "c", EPHEMERAL_SEQUENTIAL)
                .as(1).create("/c/es-", null, EPHEMERAL_SEQUENTIAL)
                .create("/c/k", "k", CONTAINER)
                .create2("/c/k2", "k2", CONTAINER)
                .createTtl("/c/t", "t", PERSISTENT_WITH_TTL, HOUR)
                .createTtl("/c/ts-", "ts", PERSISTENT_SEQUENTIAL_WITH_TTL, HOUR)
                .create2("/c/k/child", "under a container", PERSISTENT)
                .create2("/c/t/child", "under a TTL node", PERSISTENT)
                .getChildren2("/c")
                .getData("/c").getData("/c/p").getData("/c/e").getData("/c/e2").getData("/c/e3")
                .getData("/c/ps-0000000005").getData("/c/ps-0000000006")
                .getData("/c/k").getData("/c/k2").getData("/c/t").getData("/c/ts-0000000012")
                .exists("/c/es-0000000007").exists("/c/es-0000000008").exists("/c/k/child")
                .ephemerals().as(2).ephemerals().as(1)
                // a sequential name with no prefix
                .create("/c/p/", "x", PERSISTENT_SEQUENTIAL)
                .getChildren2("/c/p")
                // the errors of create
                .create("/", "x", PERSISTENT)
                .create2("/", "x", PERSISTENT_SEQUENTIAL)
                .create2("/c/p", "again", PERSISTENT)
                .create("/c/nope/x", "x", PERSISTENT)
                .create("/c/nope/x-", "x", PERSISTENT_SEQUENTIAL)
                .create("/c/e/x", "x", PERSISTENT)
                .create("/c/e/x-", "x", EPHEMERAL_SEQUENTIAL)
                .create("/c/e", "x", PERSISTENT)
                .create("/zookeeper", "x", PERSISTENT)
                .create("/zookeeper/quota", "x", PERSISTENT)
                .create("/zookeeper/config/x", "x", PERSISTENT)
                .create("/c/bad", "x", ZooDefs.Ids.CREATOR_ALL_ACL, PERSISTENT)
                .create("/c/bad", "x", acl(entry(Perms.ALL, "world", "someone")), PERSISTENT)
                .create("/c/bad", "x", acl(entry(Perms.ALL, "nope", "x")), PERSISTENT)
                .create("/c/bad", "x", acl(entry(Perms.ALL, "digest", "nocolon")), PERSISTENT)
                .create("/c/bad", "x", acl(entry(Perms.ALL, "ip", "300.1.1.1")), PERSISTENT)
                .create("/c/bad", "x", acl(entry(Perms.ALL, "ip", "10.0.0.0/99")), PERSISTENT)
                .create("/c/bad", "x", acl(anyone(Perms.ALL), entry(Perms.ALL, "world", "someone")), PERSISTENT)
                .exists("/c/bad")
                // which check comes first
                .create("/c/nope/x", "x", acl(entry(Perms.ALL, "world", "someone")), PERSISTENT)
                .create("/c/p", "x", acl(entry(Perms.ALL, "world", "someone")), PERSISTENT)
                .create("/zookeeper/config/x", "x", acl(entry(Perms.ALL, "world", "someone")), PERSISTENT)
                .create("/c/e/x", "x", acl(entry(Perms.ALL, "world", "someone")), PERSISTENT)
                .create("/zookeeper/config/x", "x", ZooDefs.Ids.CREATOR_ALL_ACL, PERSISTENT)
                .create("/c/e", "x", ZooDefs.Ids.CREATOR_ALL_ACL, PERSISTENT)
                .create("/c/nope/x", "x", ZooDefs.Ids.CREATOR_ALL_ACL, PERSISTENT)
                .create("/zookeeper/config/x/y", "x", PERSISTENT)
                .create2("/c/ip", "x", acl(entry(Perms.ALL, "ip", "10.0.0.0/8"), anyone(Perms.READ)), PERSISTENT)
                .create2("/c/dup", "x", acl(anyone(Perms.ALL), anyone(Perms.ALL), anyone(Perms.READ)), PERSISTENT)
                .getAcl("/c/ip").getAcl("/c/dup")
                .create2("/c/zero", "x", acl(anyone(0)), PERSISTENT)
                .getAcl("/c/zero")
                .getChildren2("/c");
        compare(s);
    }

    @Test
    void sequentialNamesFollowTheParentCversionAcrossDeletes() throws Exception {
        Script s = new Script();
        s.create("/q", null, PERSISTENT)
                .create("/q/n-", null, PERSISTENT_SEQUENTIAL)
                .create("/q/n-", null, PERSISTENT_SEQUENTIAL)
                .create("/q/n-", null, EPHEMERAL_SEQUENTIAL)
                .delete("/q/n-0000000001", -1)
                .getChildren2("/q")
                .create2("/q/n-", null, PERSISTENT_SEQUENTIAL)
                .create("/q/plain", null, PERSISTENT)
                .delete("/q/plain", -1)
                .delete("/q/n-0000000000", -1)
                .getChildren2("/q")
                .create2("/q/m-", null, EPHEMERAL_SEQUENTIAL)
                .as(1).replaceSession()
                .as(2).getChildren2("/q")
                .create2("/q/n-", null, PERSISTENT_SEQUENTIAL)
                .exists("/");
        compare(s);
    }

    @Test
    void deleteWithAndWithoutVersion() throws Exception {
        Script s = new Script();
        s.create("/d", "d", PERSISTENT)
                .create("/d/a", "a", PERSISTENT)
                .create("/d/a/b", "b", PERSISTENT)
                .delete("/d/a", -1)
                .delete("/d/a", 7)
                .delete("/d/a/b", 5)
                .setData("/d/a/b", "b1", 0)
                .delete("/d/a/b", 0)
                .delete("/d/a/b", 1)
                .getData("/d/a")
                .delete("/d/a/b", -1)
                .delete("/d/a/b", 3)
                .delete("/d/nope/x", -1)
                .delete("/d/a", -1)
                .getChildren2("/d")
                .exists("/d/a")
                .create("/d/e", null, EPHEMERAL)
                .as(2).delete("/d/e", 0)
                .as(1).exists("/d/e")
                .delete("/", -1)
                .delete("/zookeeper", -1)
                .delete("/zookeeper/quota", -1)
                .delete("/zookeeper/config", -1)
                .getChildren2("/zookeeper")
                .delete("/d", -1)
                .exists("/");
        compare(s);
    }

    @Test
    void setDataGetDataAndExists() throws Exception {
        Script s = new Script();
        s.create("/s", "one", PERSISTENT)
                .setData("/s", "two", 0)
                .setData("/s", "three", 0)
                .setData("/s", "three", 1)
                .setData("/s", null, -1)
                .getData("/s")
                .setData("/s", "", -1)
                .getData("/s")
                .setData("/s", "x".repeat(1000), 3)
                .exists("/s")
                .setData("/s/nope", "x", -1)
                .setData("/s/nope", "x", 4)
                .getData("/s/nope")
                .exists("/s/nope")
                .setData("/zookeeper/config", "x", -1)
                .setData("/zookeeper", "zk", -1)
                .getData("/zookeeper")
                .setData("/zookeeper", "", -1)
                .setData("/", "root", -1)
                .getData("/")
                .setData("/", null, -1)
                .exists("/");
        compare(s);
    }

    @Test
    void childrenAndTheZookeeperSubtree() throws Exception {
        Script s = new Script();
        s.create("/g", null, PERSISTENT)
                .create("/g/a", null, PERSISTENT)
                .create("/g/a/b", null, PERSISTENT)
                .create("/g/a/c", null, PERSISTENT)
                .create("/g/e", null, EPHEMERAL)
                .getChildren("/").getChildren2("/")
                .getChildren("/g").getChildren2("/g").getChildren2("/g/a").getChildren2("/g/a/b")
                .getChildren("/g/nope").getChildren2("/g/nope")
                .getChildren2("/zookeeper").getChildren2("/zookeeper/quota").getChildren2("/zookeeper/config")
                .getData("/zookeeper").getData("/zookeeper/quota").getData("/zookeeper/config")
                .getAcl("/").getAcl("/zookeeper").getAcl("/zookeeper/quota").getAcl("/zookeeper/config")
                .allChildrenNumber("/")
                .allChildrenNumber("/zookeeper")
                .allChildrenNumber("/g")
                .allChildrenNumber("/g/a")
                .allChildrenNumber("/g/a/b")
                .allChildrenNumber("/g/nope")
                .create("/ga", null, PERSISTENT) // shares the prefix "/g" but is not below it
                .allChildrenNumber("/g")
                .allChildrenNumber("/");
        compare(s);
    }

    @Test
    void aclsAndTheirErrors() throws Exception {
        Script s = new Script();
        s.as(1).addAuth("digest", ALICE)
                .whoAmI()
                .as(2).whoAmI()
                .as(1).create("/a", null, PERSISTENT)
                .create2("/a/mine", "m", ZooDefs.Ids.CREATOR_ALL_ACL, PERSISTENT)
                .getAcl("/a/mine")
                .create2("/a/ro", "r", ZooDefs.Ids.READ_ACL_UNSAFE, PERSISTENT)
                .create2("/a/admin", "a", acl(anyone(Perms.ADMIN), alice(Perms.ALL)), PERSISTENT)
                .create2("/a/read", "r", acl(anyone(Perms.READ), alice(Perms.ALL)), PERSISTENT)
                .create2("/a/nothing", "n", acl(alice(Perms.ALL)), PERSISTENT)
                .create2("/a/nodelete", "n", acl(anyone(Perms.ALL & ~Perms.DELETE)), PERSISTENT)
                .create2("/a/nodelete/child", "c", PERSISTENT)
                .as(2)
                .getData("/a/mine").exists("/a/mine").getChildren("/a/mine").getChildren2("/a/mine")
                .getAcl("/a/mine").setData("/a/mine", "x", -1).setData("/a/mine", "x", 9)
                .setAcl("/a/mine", OPEN, -1).setAcl("/a/mine", OPEN, 9)
                .create("/a/mine/x", null, PERSISTENT)
                .create("/a/mine/x/y", null, PERSISTENT)
                .allChildrenNumber("/a/mine")
                .multi(Op.getData("/a/mine"), Op.getChildren("/a/mine"), Op.getData("/a/ro"))
                .multi(Op.check("/a/mine", 0))
                .multi(Op.check("/a/nodelete", 0), Op.setData("/a/mine", null, -1))
                .multi(Op.delete("/a/nodelete/child", -1))
                .multi(Op.create("/a/ro/x", null, OPEN, PERSISTENT))
                .getData("/a/ro").setData("/a/ro", "x", -1).create("/a/ro/x", null, PERSISTENT)
                .delete("/a/ro", -1).exists("/a/ro")
                .getAcl("/a/admin").getData("/a/admin")
                .getAcl("/a/read").getData("/a/read")
                .setAcl("/a/read", OPEN, -1)
                .getAcl("/a/nothing")
                .delete("/a/nodelete/child", -1)
                .delete("/a/nodelete/nope", -1)
                .as(1)
                .getAcl("/a/admin").getAcl("/a/read")
                .getData("/a/mine")
                .create("/a/mine/kid", null, PERSISTENT)
                .setAcl("/a/mine", acl(alice(Perms.ALL), anyone(Perms.READ)), 0)
                .setAcl("/a/mine", OPEN, 0)
                .setAcl("/a/mine", OPEN, 1)
                .getAcl("/a/mine")
                .setAcl("/a/mine", acl(entry(Perms.ALL, "world", "someone")), -1)
                .setAcl("/a/mine", acl(entry(Perms.ALL, "nope", "x")), -1)
                .setAcl("/a/nope", OPEN, -1)
                .setAcl("/a/nope", OPEN, 3)
                .setAcl("/a/nope", acl(entry(Perms.ALL, "world", "someone")), -1)
                .setAcl("/a/mine", acl(entry(Perms.ALL, "world", "someone")), 42)
                .setAcl("/zookeeper/config", acl(entry(Perms.ALL, "world", "someone")), -1)
                .setAcl("/zookeeper/config", OPEN, 42)
                .addAuth("digest", BOB)
                .whoAmI()
                .create2("/a/both", null, ZooDefs.Ids.CREATOR_ALL_ACL, PERSISTENT)
                .getAcl("/a/both")
                .setAcl("/a/both", acl(entry(Perms.READ, "auth", ""), anyone(Perms.ADMIN)), -1)
                .getAcl("/a/both")
                .as(2)
                .getAcl("/a/both")
                .setAcl("/a/both", ZooDefs.Ids.CREATOR_ALL_ACL, -1)
                .as(1)
                .delete("/a/nodelete/child", -1)
                .setAcl("/a/nodelete", OPEN, -1)
                .delete("/a/nodelete/child", -1);
        compare(s);
    }

    @Test
    void multiAppliesAllOrNothing() throws Exception {
        Script s = new Script();
        s.create("/m", "m", PERSISTENT)
                .create("/m/old", "o", PERSISTENT)
                .multi(Op.create("/m/a", bytes("a"), OPEN, PERSISTENT),
                        Op.create("/m/a/b", bytes("b"), CreateOptions.newBuilder(OPEN, PERSISTENT).build()),
                        Op.setData("/m/a", bytes("a1"), 0),
                        Op.check("/m/a", 1),
                        Op.delete("/m/a/b", 0),
                        Op.delete("/m/old", -1),
                        Op.create("/m/old", bytes("new"), CreateOptions.newBuilder(OPEN, EPHEMERAL).build()),
                        Op.create("/m/s-", null, OPEN, PERSISTENT_SEQUENTIAL),
                        Op.create("/m/s-", null, CreateOptions.newBuilder(OPEN, EPHEMERAL_SEQUENTIAL).build()),
                        Op.create("/m/k", null, OPEN, CONTAINER),
                        Op.create("/m/t", null, OPEN, PERSISTENT_WITH_TTL, HOUR),
                        Op.create("/m/ts-", null, CreateOptions.newBuilder(OPEN, PERSISTENT_SEQUENTIAL_WITH_TTL)
                                .withTtl(HOUR).build()))
                .getChildren2("/m")
                .getData("/m/a").getData("/m/old").getData("/m/k").getData("/m/t")
                // a failure in the middle: the ops before report OK, the ones after a runtime inconsistency
                .multi(Op.create("/m/x", bytes("x"), OPEN, PERSISTENT),
                        Op.setData("/m/x", bytes("x1"), 0),
                        Op.delete("/m/nope", -1),
                        Op.create("/m/y", null, OPEN, PERSISTENT))
                .exists("/m/x").exists("/m/y").getChildren2("/m").getData("/m/a")
                .multi(Op.setData("/m/a", bytes("a2"), -1), Op.check("/m/a", 0))
                .multi(Op.check("/m/a", 7), Op.setData("/m/a", bytes("a3"), -1))
                .multi(Op.create("/m/a", null, OPEN, PERSISTENT))
                .multi(Op.delete("/m", -1))
                .multi(Op.delete("/m/a", 5))
                .multi(Op.create("/m/old/x", null, OPEN, PERSISTENT))
                .multi(Op.create("/m/z", null, ZooDefs.Ids.CREATOR_ALL_ACL, PERSISTENT))
                .multi(Op.create("/m/z", null, acl(entry(Perms.ALL, "world", "someone")), PERSISTENT))
                .multi(Op.create("/m/z", null, OPEN, PERSISTENT, 1000))
                .multi(Op.create("/m/z", null, OPEN, PERSISTENT_SEQUENTIAL_WITH_TTL, HOUR),
                        Op.delete("/m/z0000000099", -1))
                .multi(Op.create("/m/r", null, ZooDefs.Ids.READ_ACL_UNSAFE, PERSISTENT),
                        Op.create("/m/r/x", null, OPEN, PERSISTENT))
                .multi(Op.check("/zookeeper/config", 0), Op.setData("/zookeeper/config", null, -1))
                .multi(Op.create("/m/e", null, OPEN, EPHEMERAL), Op.create("/m/e/x", null, OPEN, PERSISTENT))
                .multi(Op.create("/m/p", null, OPEN, PERSISTENT), Op.create("/m/p/x", null, OPEN, EPHEMERAL),
                        Op.delete("/m/p", -1))
                .multi(Op.create("/m/p", null, OPEN, PERSISTENT), Op.create("/m/p/x", null, OPEN, EPHEMERAL),
                        Op.delete("/m/p/x", 0), Op.delete("/m/p", 0), Op.create("/m/p", null, OPEN, EPHEMERAL))
                .getData("/m/p")
                .multi(Op.create("/m/c", null, OPEN, PERSISTENT), Op.delete("/m/c", -1),
                        Op.create("/m/c", bytes("again"), OPEN, PERSISTENT), Op.check("/m/c", 0))
                .getData("/m/c")
                .multi()
                .getChildren2("/m")
                .exists("/");
        compare(s);
    }

    @Test
    void multiReadAnswersEachOpOnItsOwn() throws Exception {
        Script s = new Script();
        s.create("/r", "r", PERSISTENT)
                .create("/r/a", "a", PERSISTENT)
                .create("/r/b", null, EPHEMERAL)
                .create("/r/secret", "s", ZooDefs.Ids.READ_ACL_UNSAFE, PERSISTENT)
                .setAcl("/r/secret", acl(anyone(Perms.WRITE)), -1)
                .multi(Op.getData("/r"), Op.getChildren("/r"), Op.getData("/r/nope"), Op.getChildren("/r/nope"),
                        Op.getData("/r/b"), Op.getData("/r/secret"), Op.getChildren("/r/secret"), Op.getData("/"),
                        Op.getChildren("/zookeeper"))
                .multi(Op.getData("/r/nope"))
                .multi(Op.getChildren("/r/a"));
        compare(s);
    }

    @Test
    void syncWhoAmIEphemeralsConfigAndReconfig() throws Exception {
        Script s = new Script();
        s.sync("/").sync("/nope").sync("/zookeeper")
                .whoAmI()
                .create("/x", null, PERSISTENT)
                .create("/x/e1", null, EPHEMERAL)
                .create("/x/e2", null, EPHEMERAL)
                .create("/x/y", null, PERSISTENT)
                .create("/x/y/e3", null, EPHEMERAL)
                .create("/xe", null, EPHEMERAL)
                .create("/x/s-", null, EPHEMERAL_SEQUENTIAL)
                .as(2).create("/x/other", null, EPHEMERAL)
                .ephemerals().ephemerals("/x/o").ephemerals("/x/e1")
                .as(1).ephemerals().ephemerals("/").ephemerals("/x").ephemerals("/x/y")
                .ephemerals("/x/e").ephemerals("/nope").ephemerals("/x/other")
                .as(2).replaceSession()
                .ephemerals()
                .as(1).getChildren2("/x")
                .getConfig()
                .reconfig()
                .getData("/zookeeper/config");
        compare(s);
    }

    /** Creates the client API refuses to build (other clients may send them). */
    @Test
    void createsTheStockClientRefusesToBuild() throws Exception {
        Script s = new Script();
        s.create("/w", null, PERSISTENT)
                // TTLs out of range, and TTLs with flags that are not a TTL mode
                .rawCreate(CREATE_TTL, "/w/t", OPEN, 5, 0)
                .rawCreate(CREATE_TTL, "/w/t", OPEN, 5, -1)
                .rawCreate(CREATE_TTL, "/w/t", OPEN, 6, 0x100_0000_0000L)
                .rawCreate(CREATE_TTL, "/w/t", OPEN, 5, 0xFF_FFFF_FFFFL)
                .rawCreate(CREATE_TTL, "/w/t1", OPEN, 0, HOUR)
                .rawCreate(CREATE_TTL, "/w/t2", OPEN, 1, HOUR)
                .rawCreate(CREATE_TTL, "/w/t3", OPEN, 4, HOUR)
                .rawCreate(CREATE, "/w/t4", OPEN, 5, 0)
                .rawCreate(CREATE2, "/w/t5", OPEN, 6, 0)
                // flags that name no mode
                .rawCreate(CREATE, "/w/f", OPEN, 99, 0)
                .rawCreate(CREATE, "/w/f", OPEN, -1, 0)
                .rawCreate(CREATE2, "/w/f", OPEN, 7, 0)
                // no ACL at all
                .rawCreate(CREATE, "/w/n", new ArrayList<>(), 0, 0)
                .rawCreate(CREATE2, "/w/n", null, 0, 0)
                .getChildren2("/w")
                // deviation: container flags with another opcode, or createContainer with other flags
                .rawCreate(CREATE, "/w/k1", OPEN, 4, 0).arborAnswers(BAD_ARGUMENTS)
                .rawCreate(CREATE2, "/w/k2", OPEN, 4, 0).arborAnswers(BAD_ARGUMENTS)
                .rawCreate(CREATE_CONTAINER, "/w/k3", OPEN, 0, 0).arborAnswers(BAD_ARGUMENTS)
                .rawCreate(CREATE_CONTAINER, "/w/k4", OPEN, 1, 0).arborAnswers(BAD_ARGUMENTS);
        compare(s);
    }

    /**
     * Invalid paths, which the client API refuses. ZooKeeper checks them only on create, setData, setACL and
     * delete, each after some other check; Arbor checks them first, on every request (see the class doc).
     */
    @Test
    void invalidPaths() throws Exception {
        Script s = new Script();
        s.create("/w", null, PERSISTENT).create("/w/a", null, PERSISTENT)
                .rawCreate(CREATE, "", OPEN, 0, 0)
                .rawCreate(CREATE, "/w/a/", OPEN, 0, 0)
                .rawCreate(CREATE, "/w/a/..", OPEN, 0, 0)
                .rawCreate(CREATE, "/w/x\u0001", OPEN, 0, 0)
                .rawCreate(CREATE, "/w/nope/", OPEN, 2, 0)
                // as ZooKeeper: the parent is looked up before the whole path is checked
                .rawCreate(CREATE, "w/x", OPEN, 0, 0)
                .rawCreate(CREATE, "/w//x", OPEN, 0, 0)
                .rawCreate(CREATE, "/w/./x", OPEN, 0, 0)
                .rawCreate(CREATE, "/w/./x-", OPEN, 2, 0)
                .rawCreate(CREATE, "/w/a/./", OPEN, 2, 0);
        List<Integer> refusedByBoth = List.of(ZooDefs.OpCode.setData, ZooDefs.OpCode.setACL,
                ZooDefs.OpCode.sync, ZooDefs.OpCode.delete, ZooDefs.OpCode.getData, ZooDefs.OpCode.exists,
                ZooDefs.OpCode.getChildren, ZooDefs.OpCode.getChildren2, ZooDefs.OpCode.getACL,
                ZooDefs.OpCode.getAllChildrenNumber);
        List<Integer> deviations = List.of();
        for (String path : List.of("w", "", "/w/", "//", "/w/./a", "/w/a/..")) {
            for (int opcode : refusedByBoth) {
                s.rawPathRequest(opcode, path);
            }
            for (int opcode : deviations) {
                // deviation: ZooKeeper answers NoNode (about the root for ""), and sync echoes the path
                s.rawPathRequest(opcode, path).arborAnswers(BAD_ARGUMENTS);
            }
            // a prefix, not a path: nothing to refuse
            s.rawPathRequest(ZooDefs.OpCode.getEphemerals, path);
        }
        s.getChildren2("/w");
        compare(s);
    }

    /** Seeds 1 to 3, or only {@code -Darbor.seed=S}, or 1 to N with {@code -Darbor.seeds=N} for a longer soak. */
    static LongStream seeds() {
        Long seed = Long.getLong("arbor.seed");
        return seed != null ? LongStream.of(seed) : LongStream.rangeClosed(1, Long.getLong("arbor.seeds", 3));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomOperations(long seed) throws Exception {
        Script s = RandomScript.generate(seed, RANDOM_OPERATIONS);
        Differ.assertSameOutcomes("random operations with seed " + seed + " (run again with -Darbor.seed=" + seed + ")",
                s.steps(), zookeeper, arbor);
    }

    @Test
    void reconfigOnAStandaloneServerWithReconfigEnabled() throws Exception {
        Script s = new Script();
        s.reconfig()
                .getConfig()
                .addAuth("digest", ALICE)
                .reconfig();
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1, Map.of("reconfigEnabled", "true"));
        try (TestingServer reconfigZooKeeper = new TestingServer(spec, true);
                ArborTestServer reconfigArbor = ArborTestServer.start("reconfigEnabled=true")) {
            compareOn(s, reconfigZooKeeper, reconfigArbor);
        }
    }

    /** Runs a script on a pair of servers of its own, with two sessions on each. */
    private void compareOn(Script s, TestingServer zookeeperServer, ArborTestServer arborServer) throws Exception {
        Target zk = new Target("ZooKeeper", zookeeperConnectString(zookeeperServer), 2);
        Target ab = new Target("Arbor", arborServer.connectString(), 2);
        try {
            Differ.assertSameOutcomes(testName, s.steps(), zk, ab);
        } finally {
            zk.close();
            ab.close();
        }
    }

    @Test
    void ttlIsUnimplementedWithoutExtendedTypes() throws Exception {
        Script s = new Script();
        s.create("/u", null, PERSISTENT)
                .createTtl("/u/t", "t", PERSISTENT_WITH_TTL, HOUR)
                .createTtl("/u/ts-", "t", PERSISTENT_SEQUENTIAL_WITH_TTL, HOUR)
                .multi(Op.create("/u/a", null, OPEN, PERSISTENT), Op.create("/u/t", null, OPEN, PERSISTENT_WITH_TTL, HOUR))
                .create2("/u/k", null, CONTAINER)
                .getChildren2("/u");
        System.clearProperty(EXTENDED_TYPES);
        try (TestingServer plainZooKeeper = new TestingServer(true);
                ArborTestServer plainArbor = ArborTestServer.start("extendedTypesEnabled=false")) {
            compareOn(s, plainZooKeeper, plainArbor);
        } finally {
            System.setProperty(EXTENDED_TYPES, "true");
        }
    }
}
