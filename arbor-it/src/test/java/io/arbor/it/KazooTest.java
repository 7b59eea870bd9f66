package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kazoo (Python) against Arbor: the script {@code clients/kazoo_session.py} runs as a child process and
 * prints KEY=VALUE lines. Needs Debian's python3-kazoo, which installs for /usr/bin/python3 only.
 */
class KazooTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration BOUND = Duration.ofSeconds(60);

    /** Started only where the client under test is installed (JUnit skips a null field when closing). */
    @AutoClose
    static ArborTestServer server;
    static Path script;

    @BeforeAll
    static void start() throws URISyntaxException {
        Assumptions.assumeTrue(ChildProcess.works(List.of(PYTHON, "-c", "import kazoo")),
                "kazoo is not installed for " + PYTHON + " (apt-get install python3-kazoo): kazoo tests skipped");
        script = Path.of(KazooTest.class.getResource("/clients/kazoo_session.py").toURI());
        server = ArborTestServer.start();
    }

    private static Map<String, String> runScript(String root, String mode) throws Exception {
        ChildProcess.Result r = ChildProcess.run(
                List.of(PYTHON, script.toString(), server.connectString(), root, mode), BOUND);
        assertThat(r.exitCode()).as("kazoo script exit code; output:\n%s", r.output()).isZero();
        Map<String, String> kv = r.keyValues();
        assertThat(kv).as("output:\n%s", r.output()).doesNotContainKey("ERROR");
        return kv;
    }

    @Test
    void kazooSessionWorks() throws Exception {
        Map<String, String> kv = runScript("/kazoo", "session");
        String session = kv.get("session");

        assertThat(kv).containsEntry("create", "/kazoo")
                .containsEntry("create.child", "/kazoo/a")
                .containsEntry("create.again", "NodeExistsError")
                .containsEntry("get", "hello")
                .containsEntry("get.version", "0")
                .containsEntry("get.dataLength", "5")
                .containsEntry("set.version", "1")
                .containsEntry("set.stale", "BadVersionError")
                .containsEntry("get.after.set", "world")
                .containsEntry("get.missing", "NoNodeError");

        // /kazoo had one child (a) when the first sequential node was made: its cversion numbers it
        assertThat(kv).containsEntry("seq.first", "/kazoo/e-0000000001")
                .containsEntry("seq.second", "/kazoo/e-0000000002")
                .containsEntry("seq.owner", session);

        // check, create, setData, delete in one transaction; then a failing one changes nothing
        assertThat(kv).containsEntry("tx.results", "True|/kazoo/t1|stat:v2|True")
                .containsEntry("tx.a", "in-tx")
                .containsEntry("tx.t1", "one")
                .containsEntry("tx.second.exists", "False")
                .containsEntry("tx.failed.results", "RolledBackError|BadVersionError")
                .containsEntry("tx.failed.t2.exists", "False");

        assertThat(kv).containsEntry("lock.acquired", "True")
                .containsEntry("lock.rival.nonblocking", "False")
                .containsEntry("lock.contenders", "first")
                .containsEntry("lock.rival.after.release", "True");

        assertThat(kv).containsEntry("datawatch.fired", "True")
                .containsEntry("datawatch.seen", "initial,changed")
                .containsEntry("done", "ok");

        // what kazoo did is what the stock Java client sees; its ephemerals left with its session
        try (ZooKeeper zk = server.client()) {
            assertThat(new String(zk.getData("/kazoo/a", false, null), StandardCharsets.UTF_8)).isEqualTo("in-tx");
            assertThat(zk.exists("/kazoo/t1", false)).isNotNull();
            assertThat(zk.exists("/kazoo/t2", false)).isNull();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(zk.exists("/kazoo/e-0000000001", false)).isNull());
            assertThat(zk.getChildren("/kazoo/lock", false)).as("lock contenders left").isEmpty();
        }
    }

    @Test
    void kazooServerVersionReadsTheEnviFourLetterWord() throws Exception {
        Map<String, String> kv = runScript("/unused", "server-version");
        // Arbor reports "3.9.5-arbor-0.1.0" as zookeeper.version; kazoo keeps the leading digits
        assertThat(kv).containsEntry("server_version", "3.9.5");
    }
}
