package io.arbor.it;

import io.arbor.server.ArborServer;
import io.arbor.server.config.ConfigParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** An Arbor server started in-process on an ephemeral loopback port, with stock ZooKeeper clients for it. */
public final class ArborTestServer implements AutoCloseable {
    private final ArborServer server;
    private final Path dataDir;
    private final AtomicInteger testRoots = new AtomicInteger();
    private final String config;
    /** Whether close() deletes dataDir: only a directory this class made itself, until a restart hands it on. */
    private volatile boolean ownsDataDir;
    private volatile boolean closed;

    private ArborTestServer(ArborServer server, Path dataDir, String config, boolean ownsDataDir) {
        this.server = server;
        this.dataDir = dataDir;
        this.config = config;
        this.ownsDataDir = ownsDataDir;
    }

    public static ArborTestServer start() {
        return start("");
    }

    /** Starts a server with a test configuration plus {@code extraConfig} lines (zoo.cfg syntax). */
    public static ArborTestServer start(String extraConfig) {
        try {
            return start(Files.createTempDirectory("arbor-it"), extraConfig, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server on {@code dataDir}, which the caller owns: close() leaves it, so that a server started
     * again on it (see {@link #restart()}) recovers what this one wrote.
     */
    public static ArborTestServer start(Path dataDir, String extraConfig) {
        return start(dataDir, extraConfig, false);
    }

    private static ArborTestServer start(Path dir, String extraConfig, boolean ownsDataDir) {
        try {
            String cfg = "tickTime=200\n"
                    + "dataDir=" + dir + "\n"
                    + "clientPort=0\n"
                    + "clientPortAddress=127.0.0.1\n"
                    + "admin.enableServer=false\n"
                    + "4lw.commands.whitelist=*\n"
                    + "maxClientCnxns=0\n"
                    + extraConfig + "\n";
            return new ArborTestServer(new ArborServer(ConfigParser.parse(cfg, "test.cfg")).start(), dir, cfg,
                    ownsDataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start Arbor", e);
        }
    }

    /**
     * Stops this server (as close() does, but keeping its directories) and starts a new one on the same
     * directories and configuration; the new one listens on a new ephemeral port.
     */
    public ArborTestServer restart() {
        closed = true;
        server.close();
        boolean owns = ownsDataDir;
        ownsDataDir = false; // the new server's close() deletes it, not this one's
        try {
            return new ArborTestServer(new ArborServer(ConfigParser.parse(config, "test.cfg")).start(), dataDir,
                    config, owns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not restart Arbor", e);
        }
    }

    public ArborServer server() {
        return server;
    }

    public int port() {
        return server.clientAddress().getPort();
    }

    public String connectString() {
        return "127.0.0.1:" + port();
    }

    /** A stock client, connected (SyncConnected seen) before it is returned. */
    public ZooKeeper client() {
        return client(connectString(), 10_000, e -> { });
    }

    public ZooKeeper client(String connectString, int sessionTimeout, Watcher watcher) {
        return ConnectedClient.open(ZooKeeper::new, connectString, sessionTimeout, watcher);
    }

    /** Creates a persistent node {@code prefix + n}, n new on this server, for one test to work below; its path. */
    public String createTestRoot(ZooKeeper zk, String prefix) throws KeeperException, InterruptedException {
        String path = prefix + testRoots.incrementAndGet();
        zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        return path;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.close();
        }
        if (!ownsDataDir) {
            return;
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
