package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ZooKeeper's C client (Debian's zookeeper-bin, {@code cli_mt}) against Arbor. Each call is one process
 * and one session running one command in batch mode. cli_mt exits 0 whatever happens and reports the
 * result as "rc = N"; its {@code create} always stores the data "new".
 */
class CClientTest {
    private static final Path CLI = Path.of("/usr/lib/zookeeper/bin/cli_mt");
    private static final Pattern RC = Pattern.compile("rc = (-?\\d+)");

    /** Started only where the client under test is installed (JUnit skips a null field when closing). */
    @AutoClose
    static ArborTestServer server;
    private ZooKeeper zk;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Files.isExecutable(CLI),
                CLI + " is missing (apt-get install zookeeper-bin): C client tests skipped");
        server = ArborTestServer.start();
    }

    @BeforeEach
    void connect() {
        zk = server.client();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        zk.close();
    }

    /** Runs one cli_mt command; returns its output. */
    private static String cli(String command) throws Exception {
        ChildProcess.Result r = ChildProcess.run(
                List.of(CLI.toString(), "-h", server.connectString(), "-c", command), Duration.ofSeconds(20));
        assertThat(r.output()).as("cli_mt %s", command).contains("Batch mode: " + command);
        return r.output();
    }

    /** The result code cli_mt printed. */
    private static int rc(String output) {
        Matcher m = RC.matcher(output);
        assertThat(m.find()).as("an 'rc = N' line in:\n%s", output).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private String data(String path, Stat stat) throws Exception {
        return new String(zk.getData(path, false, stat), StandardCharsets.UTF_8);
    }

    @Test
    void createGetSetListDelete() throws Exception {
        String created = cli("create /c");
        assertThat(rc(created)).as(created).isZero();
        assertThat(created).contains("name = /c");
        assertThat(data("/c", null)).isEqualTo("new");

        String got = cli("get /c");
        assertThat(rc(got)).as(got).isZero();
        assertThat(got).contains("value_len = 3").contains("\nnew\n").contains("version=0");

        String set = cli("set /c hello");
        assertThat(rc(set)).as(set).isZero();
        assertThat(set).contains("version=1");
        Stat stat = new Stat();
        assertThat(data("/c", stat)).isEqualTo("hello");
        assertThat(stat.getVersion()).isEqualTo(1);
        assertThat(cli("get /c")).contains("value_len = 5").contains("\nhello\n");

        zk.create("/c/child", new byte[0], org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                org.apache.zookeeper.CreateMode.PERSISTENT);
        String listed = cli("ls /c");
        assertThat(rc(listed)).as(listed).isZero();
        assertThat(listed).contains("\tchild\n");
        assertThat(cli("ls /")).contains("\tc\n").contains("\tzookeeper\n");

        assertThat(rc(cli("delete /c/child"))).isZero();
        String deleted = cli("delete /c");
        assertThat(rc(deleted)).as(deleted).isZero();
        assertThat(zk.exists("/c", false)).isNull();
    }

    @Test
    void sequentialAndEphemeralCreates() throws Exception {
        zk.create("/modes", new byte[0], org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                org.apache.zookeeper.CreateMode.PERSISTENT);
        assertThat(cli("create +s /modes/s-")).contains("name = /modes/s-0000000000");
        assertThat(cli("create +s /modes/s-")).contains("name = /modes/s-0000000001");
        String eph = cli("create +e /modes/e");
        assertThat(rc(eph)).as(eph).isZero();
        // the ephemeral went with the cli's session when the process closed it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(zk.getChildren("/modes", false)).containsExactlyInAnyOrder("s-0000000000", "s-0000000001"));
    }

    @Test
    void errorsComeBackAsResultCodes() throws Exception {
        zk.create("/err", new byte[0], org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                org.apache.zookeeper.CreateMode.PERSISTENT);
        zk.create("/err/kid", new byte[0], org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                org.apache.zookeeper.CreateMode.PERSISTENT);
        assertThat(rc(cli("create /err"))).as("NODEEXISTS").isEqualTo(-110);
        assertThat(rc(cli("delete /missing"))).as("NONODE").isEqualTo(-101);
        assertThat(rc(cli("get /missing"))).as("NONODE").isEqualTo(-101);
        assertThat(rc(cli("delete /err"))).as("NOTEMPTY").isEqualTo(-111);
        assertThat(rc(cli("create /missing/child"))).as("NONODE for a missing parent").isEqualTo(-101);
        assertThat(zk.getChildren("/err", false)).containsExactly("kid");
    }
}
