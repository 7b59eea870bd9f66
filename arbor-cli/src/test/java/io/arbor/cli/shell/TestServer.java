package io.arbor.cli.shell;

import io.arbor.client.ArborClient;
import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import io.arbor.server.ArborServer;
import io.arbor.server.config.ConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Arbor server in this JVM on an ephemeral loopback port (as arbor-it's ArborTestServer starts one), with TTL
 * nodes enabled, and fresh subtrees for tests to chroot into.
 */
final class TestServer implements AutoCloseable {
    private static final AtomicInteger ROOTS = new AtomicInteger();

    private final ArborServer server;
    private final Path dataDir;
    private final ArborClient admin;

    private TestServer(ArborServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
        this.admin = ArborClient.builder().connectString(connectString()).sessionTimeout(Duration.ofSeconds(10))
                .build();
    }

    static TestServer start() {
        return start(0);
    }

    /** On {@code port}, or an ephemeral one for 0. */
    static TestServer start(int port) {
        try {
            Path dir = Files.createTempDirectory("arbor-cli-test");
            String cfg = "tickTime=200\n"
                    + "dataDir=" + dir + "\n"
                    + "clientPort=" + port + "\n"
                    + "clientPortAddress=127.0.0.1\n"
                    + "admin.enableServer=false\n"
                    + "extendedTypesEnabled=true\n"
                    + "maxClientCnxns=0\n";
            return new TestServer(new ArborServer(ConfigParser.parse(cfg, "test.cfg")).start(), dir);
        } catch (Exception e) {
            throw new IllegalStateException("could not start Arbor", e);
        }
    }

    int port() {
        return server.clientAddress().getPort();
    }

    String connectString() {
        return "127.0.0.1:" + port();
    }

    /** A client of the server without chroot, for tests to change nodes behind the shell's back. */
    ArborClient admin() {
        return admin;
    }

    /** Creates a new empty persistent node {@code /prefix-N} and returns its path. */
    String newRoot(String prefix) {
        String path = "/" + prefix + "-" + ROOTS.incrementAndGet();
        try {
            admin.create(path, null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + path, e);
        }
        return path;
    }

    @Override
    public void close() {
        admin.close();
        server.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
