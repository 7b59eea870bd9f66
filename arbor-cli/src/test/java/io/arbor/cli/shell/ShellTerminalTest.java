package io.arbor.cli.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive shell driven through a JLine terminal on pipes, as a person at an xterm: keys typed (Tab
 * included), the screen read back. Completion of command names and of znode paths listed from the server, the
 * prompt with the connection state, history kept in its file, watch events printed while a line is typed.
 */
class ShellTerminalTest {
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

    @Test
    void tabCompletesAPathListedFromTheServerAndThePromptShowsConnected() throws Exception {
        Path history = tmp.resolve("history");
        try (TerminalSession t = new TerminalSession(server.connectString(), history)) {
            t.awaitScreen("[zk: " + server.connectString() + "(CONNECTED) 0] ");
            t.type("ls /zoo\t");
            t.awaitScreen("ls /zookeeper");
            t.type("\r");
            t.awaitScreen("[config, quota]");
            t.awaitScreen("[zk: " + server.connectString() + "(CONNECTED) 1] ");
            t.type("ls /zookeeper/q\t\r");
            t.awaitScreen("(CONNECTED) 2] ");
            t.quit();
        }
        assertThat(Files.readString(history)).contains(":ls /zookeeper\n", ":ls /zookeeper/quota\n");
    }

    @Test
    void tabCompletesCommandNames() throws Exception {
        Path history = tmp.resolve("history");
        try (TerminalSession t = new TerminalSession(server.connectString(), history)) {
            t.awaitScreen("(CONNECTED) 0] ");
            // a command name completes with the space after it
            t.type("getAllC\t/zookeeper\r");
            t.awaitScreen("getAllChildrenNumber /zookeeper");
            t.awaitScreen("\n2\n");
            t.type("getA\t");
            // two commands start so: both are listed
            t.awaitScreenMatches("(?s).*\\] getA\ngetAcl +getAllChildrenNumber\\s*");
            t.type("\u0015quit\r");
            t.awaitEnd();
        }
        assertThat(Files.readString(history)).contains(":getAllChildrenNumber /zookeeper\n");
    }

    @Test
    void pathsCompleteInsideTheChroot() throws Exception {
        String root = server.newRoot("term");
        for (String child : new String[]{"/alpha", "/alpine", "/beta"}) {
            server.admin().create(root + child, "v".getBytes(UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        Path history = tmp.resolve("history");
        try (TerminalSession t = new TerminalSession(server.connectString() + root, history)) {
            t.awaitScreen("(CONNECTED) 0] ");
            t.type("stat /b\t\r");
            t.awaitScreen("numChildren = 0");
            t.type("get /al\t");
            t.awaitScreen("alpine");
            t.type("h\t\r");
            t.awaitScreen("\nv\n");
            t.quit();
        }
        assertThat(Files.readString(history)).contains(":stat /beta\n", ":get /alpha\n");
    }

    @Test
    void aWatchEventPrintsWhileALineIsBeingTyped() throws Exception {
        String root = server.newRoot("term");
        server.admin().create(root + "/w", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        try (TerminalSession t = new TerminalSession(server.connectString() + root, tmp.resolve("history"))) {
            t.awaitScreen("(CONNECTED) 0] ");
            t.type("get -w /w\r");
            t.awaitScreen("(CONNECTED) 1] ");
            t.type("ls /");
            long mzxid = server.admin().setData(root + "/w", "new".getBytes(UTF_8), -1).mzxid();
            t.awaitScreen("WATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:/w zxid: " + mzxid);
            // the half-typed line is drawn again under the event and still runs
            t.type("\r");
            t.awaitScreen("[w]");
            t.quit();
        }
    }

    @Test
    void ctrlDEndsTheShellWithTheStatusOfTheLastCommand() throws Exception {
        try (TerminalSession t = new TerminalSession(server.connectString(), tmp.resolve("history"))) {
            t.awaitScreen("(CONNECTED) 0] ");
            t.type("get /nope\r");
            t.awaitScreen("Node does not exist: /nope");
            t.type("\u0004");
            assertThat(t.awaitEnd()).isEqualTo(1);
        }
    }

    /** A shell reading a terminal made of pipes: what is typed goes in, what it draws is kept as text. */
    private static final class TerminalSession implements AutoCloseable {
        private final PipedOutputStream keys = new PipedOutputStream();
        private final ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        private final Terminal terminal;
        private final Shell shell;
        private final Thread loop;
        private volatile int exit = -1;

        TerminalSession(String connectString, Path history) throws IOException, InterruptedException {
            InputStream in = new PipedInputStream(keys, 1 << 16);
            OutputStream screen = new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (drawn) {
                        drawn.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (drawn) {
                        drawn.write(b, off, len);
                    }
                }
            };
            terminal = TerminalBuilder.builder().system(false).streams(in, screen).type("xterm-256color")
                    .size(new Size(160, 40)).encoding(UTF_8).build();
            PrintWriter console = terminal.writer();
            EventPrinter printer = new EventPrinter(true, console::println);
            ShellContext ctx = new ShellContext(console, console, printer, Duration.ofSeconds(5),
                    InputStream.nullInputStream(), ShellContext.StdinUse.COMMANDS);
            shell = new Shell(ctx);
            shell.connect(connectString);
            // as -waitforconnection: the first prompt then shows the session up
            assertThat(shell.connection().awaitConnected(Duration.ofSeconds(10))).isTrue();
            loop = new Thread(() -> exit = shell.runInteractive(terminal, history), "shell-loop");
            loop.start();
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(UTF_8));
            keys.flush();
        }

        /** The screen as text: escape sequences and other control characters (cursor moves) dropped. */
        String screen() {
            String raw;
            synchronized (drawn) {
                raw = drawn.toString(UTF_8);
            }
            return raw.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replaceAll("\u001B[=>]", "")
                    .replace("\r\n", "\n").replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
        }

        void awaitScreen(String text) {
            try {
                Poll.upTo(Duration.ofSeconds(10)).until(() -> screen().contains(text));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not on the screen: " + text + "\nscreen:\n" + screen(), e);
            }
        }

        void awaitScreenMatches(String regex) {
            try {
                Poll.upTo(Duration.ofSeconds(10)).until(() -> screen().matches(regex));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no match for " + regex + " on the screen:\n" + screen(), e);
            }
        }

        void quit() throws IOException {
            type("quit\r");
            awaitEnd();
        }

        int awaitEnd() {
            Poll.upTo(Duration.ofSeconds(10)).until(() -> !loop.isAlive());
            return exit;
        }

        @Override
        public void close() throws IOException {
            if (loop.isAlive()) {
                loop.interrupt();
            }
            shell.close();
            terminal.close();
        }
    }
}
