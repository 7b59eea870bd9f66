package io.arbor.cli.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.cli.ArborCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code arbor cli} on its own terms, against an Arbor server: exit statuses and stderr, data from stdin and files,
 * commands read from a pipe, and where it knowingly differs from zkCli.
 */
class ShellTest {
    private static TestServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String newChroot() {
        return server.connectString() + server.newRoot("shell");
    }

    private static Outcome typed(String cs, String... command) {
        return ArborCli.run(new byte[0], true, withServer(cs, command));
    }

    private static String[] withServer(String cs, String... command) {
        String[] args = new String[command.length + 4];
        args[0] = "-server";
        args[1] = cs;
        args[2] = "-timeout";
        args[3] = "5000";
        System.arraycopy(command, 0, args, 4, command.length);
        return args;
    }

    @Test
    void aCommandPrintsItsResultOnStdoutAndExitsZero() {
        Outcome o = typed(server.connectString(), "ls", "/zookeeper");
        assertThat(o).isEqualTo(new Outcome("[config, quota]\n", "", 0));
    }

    @Test
    void aFailedCommandPrintsTheErrorOnStderrAndExitsNonZero() {
        String cs = newChroot();
        assertThat(typed(cs, "ls", "/x")).isEqualTo(new Outcome("", "Node does not exist: /x\n", 1));
        assertThat(typed(cs, "create", "/x")).isEqualTo(new Outcome("", "Created /x\n", 0));
        assertThat(typed(cs, "create", "/x")).isEqualTo(new Outcome("", "Node already exists: /x\n", 1));
        assertThat(typed(cs, "set", "-v", "3", "/x", "data"))
                .isEqualTo(new Outcome("", "version No is not valid : /x\n", 1));
        assertThat(typed(cs, "create", "/locked", "x", "world:anyone:r")).extracting(Outcome::exit).isEqualTo(0);
        assertThat(typed(cs, "set", "/locked", "y")).isEqualTo(new Outcome("", "Insufficient permission : /locked\n", 1));
        assertThat(typed(cs, "removewatches", "/x"))
                .isEqualTo(new Outcome("", "KeeperErrorCode = No such watcher for /x\n", 1));
    }

    @Test
    void anUnknownCommandListsTheCommandsAndExits127() {
        Outcome o = typed(server.connectString(), "frobnicate", "/");
        assertThat(o.exit()).isEqualTo(127);
        assertThat(o.out()).isEmpty();
        assertThat(o.err().split("\n")).startsWith(Shell.USAGE, "\taddWatch [-m mode] path # optional mode is one of"
                        + " [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE", "\taddauth scheme auth")
                .contains("\tls [-s] [-w] [-R] path", "\tset path data [-s] [-v version] [-b]",
                        "\tremovewatches path [-c|-d|-a] [-l]", "\tredo cmdno", "\tquit ")
                .endsWith("Command not found: Command not found frobnicate");
    }

    /** zkCli prints commons-cli's exception here (class name included) or dies of a NumberFormatException. */
    @Test
    void badOptionsAreNamedWithTheUsage() {
        assertThat(typed(server.connectString(), "ls", "-z", "/"))
                .isEqualTo(new Outcome("", "Unrecognized option: -z\nls [-s] [-w] [-R] path\n", 1));
        assertThat(typed(server.connectString(), "delete", "-v"))
                .isEqualTo(new Outcome("", "Missing argument for option: v\ndelete [-v version] path\n", 1));
        assertThat(typed(server.connectString(), "delete", "-v", "x", "/a"))
                .isEqualTo(new Outcome("", "-v argument must be an int value\n", 1));
        assertThat(typed(server.connectString(), "redo"))
                .isEqualTo(new Outcome("", "redo cmdno\n", 1));
    }

    @Test
    void dataFromStdinWithADash() {
        String cs = newChroot();
        byte[] binary = {0, 1, 2, (byte) 0xff, '\n'};
        assertThat(ArborCli.oneShot(cs, binary, "create", "/d", "-").exit()).isEqualTo(0);
        assertThat(typed(cs, "get", "-b", "/d").out()).isEqualTo("AAEC/wo=\n");
        assertThat(ArborCli.oneShot(cs, "two\nlines\n".getBytes(UTF_8), "set", "/d", "-").exit()).isEqualTo(0);
        assertThat(typed(cs, "get", "/d").out()).isEqualTo("two\nlines\n\n");
        // on a terminal too, "-" reads stdin (up to Ctrl-D)
        assertThat(ArborCli.run("typed".getBytes(UTF_8), true, withServer(cs, "set", "/d", "-")).exit())
                .isEqualTo(0);
        assertThat(typed(cs, "get", "/d").out()).isEqualTo("typed\n");
    }

    @Test
    void dataFromStdinWhenNoneIsGivenAndStdinIsNotATerminal() {
        String cs = newChroot();
        assertThat(ArborCli.oneShot(cs, "piped".getBytes(UTF_8), "create", "/p")).isEqualTo(
                new Outcome("", "Created /p\n", 0));
        assertThat(typed(cs, "get", "/p").out()).isEqualTo("piped\n");
        assertThat(ArborCli.oneShot(cs, "again".getBytes(UTF_8), "set", "-s", "/p").out())
                .contains("dataVersion = 1", "dataLength = 5");
        assertThat(typed(cs, "get", "/p").out()).isEqualTo("again\n");
        // an empty stdin is no data: create stores none, as zkCli's create without data does
        assertThat(ArborCli.oneShot(cs, new byte[0], "create", "/none").exit()).isEqualTo(0);
        assertThat(typed(cs, "get", "/none").out()).isEqualTo("null\n");
        // from a terminal, a set without data is a usage error, as in zkCli
        assertThat(typed(cs, "set", "/p").err()).startsWith("set path data [-s] [-v version] [-b]\n");
        assertThat(typed(cs, "set", "/p").exit()).isEqualTo(1);
    }

    @Test
    void dataFromAFile() throws IOException {
        String cs = newChroot();
        Path file = Files.write(tmp.resolve("data.bin"), new byte[]{'a', 0, 'b'});
        assertThat(typed(cs, "create", "/f", "@" + file).exit()).isEqualTo(0);
        assertThat(typed(cs, "get", "-b", "/f").out()).isEqualTo("YQBi\n");
        Files.writeString(file, "second");
        assertThat(typed(cs, "set", "/f", "@" + file).exit()).isEqualTo(0);
        assertThat(typed(cs, "get", "/f").out()).isEqualTo("second\n");
        assertThat(typed(cs, "create", "/at", "@@home").exit()).isEqualTo(0);
        assertThat(typed(cs, "get", "/at").out()).isEqualTo("@home\n");
        Path missing = tmp.resolve("missing");
        assertThat(typed(cs, "create", "/g", "@" + missing))
                .isEqualTo(new Outcome("", "No such file: " + missing + "\n", 1));
        assertThat(typed(cs, "stat", "/g").exit()).as("nothing created").isEqualTo(1);
    }

    @Test
    void commandsFromAPipeRunInOrderWithoutPrompt() {
        String cs = newChroot();
        String script = "create /s x\nget -w /s\nset /s y\nls /\nhistory\n";
        Outcome o = ArborCli.run(script.getBytes(UTF_8), false, withServer(cs));
        assertThat(o.exit()).isEqualTo(0);
        assertThat(o.err()).isEqualTo("Created /s\n");
        assertThat(o.out()).doesNotContain("[zk:")
                .contains("\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null zxid: -1\n")
                .contains("x\n")
                .contains("[s]\n0 - create /s x\n1 - get -w /s\n2 - set /s y\n3 - ls /\n4 - history\n");
        // a dash is data only in a one-shot command: here stdin holds the commands
        Outcome dash = ArborCli.run("create /dash -\nget /dash\n".getBytes(UTF_8), false, withServer(cs));
        assertThat(dash.out()).contains("\n-\n");
    }

    @Test
    void aScriptExitsWithTheStatusOfItsLastCommandBeforeQuit() {
        String cs = newChroot();
        assertThat(ArborCli.run("ls /\nget /nope\nquit\nls /\n".getBytes(UTF_8), false, withServer(cs)).exit())
                .isEqualTo(1);
        assertThat(ArborCli.run("get /nope\nls /\n".getBytes(UTF_8), false, withServer(cs)).exit()).isEqualTo(0);
    }

    /** The stock client prints the server's paths, chroot included; the Arbor client strips the chroot. */
    @Test
    void getEphemeralsUnderAChrootGivesPathsInsideIt() {
        try (ArborScript shell = new ArborScript(newChroot())) {
            shell.executeLine("create -e /e1");
            shell.executeLine("create /dir");
            shell.executeLine("create -e /dir/e2 x");
            shell.reset();
            shell.executeLine("getEphemerals");
            assertThat(shell.text()).isIn("[/e1, /dir/e2]\n", "[/dir/e2, /e1]\n");
        }
    }

    /**
     * Credentials the server refuses end the session's use, as in zkCli (the Arbor client alone would send them again
     * on every reconnection); connect starts afresh.
     */
    @Test
    void refusedCredentialsStopTheSessionUntilConnect() {
        try (ArborScript shell = new ArborScript(server.connectString())) {
            shell.executeLine("addauth nosuchscheme secret");
            Poll.upTo(Duration.ofSeconds(10)).until(() -> shell.shell().prompt().contains("(AUTH_FAILED) 1] "));
            assertThat(shell.text()).contains("WatchedEvent state:AuthFailed type:None path:null zxid: -1\n");
            shell.reset();
            assertThat(shell.executeLine("ls /zookeeper")).isEqualTo(1);
            assertThat(shell.text()).isEqualTo("Not connected\n");
            assertThat(shell.executeLine("connect")).isEqualTo(0);
            assertThat(shell.executeLine("ls /zookeeper")).isEqualTo(0);
            assertThat(shell.text()).endsWith("[config, quota]\n");
        }
    }

    @Test
    void readOnlyAllowedStillTakesAReadWriteServer() {
        // -r lets the client take a read-only server; a read-write one is as good (the read-only case itself
        // is proved against a ZooKeeper ensemble in arbor-it's ArborClientReadOnlyTest)
        Outcome o = ArborCli.run(new byte[0], true, "-server", server.connectString(), "-r", "ls", "/zookeeper");
        assertThat(o.out()).isEqualTo("[config, quota]\n");
        assertThat(o.err()).isEmpty();
        assertThat(o.exit()).isEqualTo(0);
    }

    @Test
    void aBadServerStringExits2() {
        Outcome o = ArborCli.run(new byte[0], true, "-server", "127.0.0.1:notaport", "ls", "/");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).startsWith("arbor cli: bad -server 127.0.0.1:notaport");
    }

    @Test
    void noServerMeansConnectionLossAfterTheTimeout() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Instant start = Instant.now();
        Outcome o = ArborCli.run(new byte[0], true, "-server", "127.0.0.1:" + port, "-timeout", "1000", "ls", "/");
        assertThat(o).isEqualTo(new Outcome("", "KeeperErrorCode = ConnectionLoss for /\n", 1));
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
    }

    /** Through bin/arbor's entry point: `cli` is a sub-command, its options stop at the command, @ is data. */
    @Test
    void arborCommandRunsCliAsASubCommand() throws IOException {
        String cs = newChroot();
        Path file = Files.writeString(tmp.resolve("d.txt"), "from a file");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine arbor = ArborCommand.commandLine();
        arbor.setOut(new PrintWriter(out, true));
        arbor.setErr(new PrintWriter(err, true));
        assertThat(arbor.getSubcommands()).containsKeys("server", "log-dump", "snapshot-dump", "cli");
        assertThat(arbor.execute("cli", "-server", cs, "create", "-s", "/f-", "@" + file)).isEqualTo(0);
        assertThat(arbor.execute("cli", "-server", cs, "get", "-s", "/f-0000000000")).isEqualTo(0);
        assertThat(out.toString()).startsWith("from a file\ncZxid = 0x").contains("dataLength = 11");
        assertThat(err.toString()).isEqualTo("Created /f-0000000000\n");
    }
}
