package io.arbor.bench;

import io.arbor.server.ArborServer;
import io.arbor.server.config.ConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;

/**
 * A server in the test's JVM for workloads to run against: Arbor, or Apache ZooKeeper (curator-test's embedded
 * TestingServer). Seen by the workloads as a server the bench started itself (no clean-up of what they create), whose
 * process is the test's own.
 */
abstract class TestServer implements ServerHandle {
    static TestServer start(String kind) throws Exception {
        return switch (kind) {
            case "arbor" -> new Arbor();
            case "zookeeper" -> new ZooKeeper();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(ProcessHandle.current().pid());
    }

    @Override
    public boolean restartable() {
        return false;
    }

    @Override
    public RestartTiming restart(String probePath) {
        throw new UnsupportedOperationException();
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    /** Arbor in-process on an ephemeral loopback port. */
    static final class Arbor extends TestServer {
        private final Path dir;
        private final ArborServer server;

        Arbor() throws Exception {
            dir = Files.createTempDirectory("arbor-bench-test");
            server = new ArborServer(ConfigParser.parse("tickTime=200\ndataDir=" + dir + "\nclientPort=0\n"
                    + "clientPortAddress=127.0.0.1\nadmin.enableServer=false\nmaxClientCnxns=0\nforceSync=no\n",
                    "test.cfg")).start();
        }

        @Override
        public String label() {
            return "Arbor";
        }

        @Override
        public String connectString() {
            return "127.0.0.1:" + server.clientAddress().getPort();
        }

        @Override
        public void close() {
            server.close();
            deleteTree(dir);
        }
    }

    /** Apache ZooKeeper, embedded by curator-test. */
    static final class ZooKeeper extends TestServer {
        private final TestingServer server;

        ZooKeeper() throws Exception {
            server = new TestingServer(true);
        }

        @Override
        public String label() {
            return "ZooKeeper";
        }

        @Override
        public String connectString() {
            return server.getConnectString();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // its temp directory is removed by close; nothing else to do
            }
        }
    }
}
