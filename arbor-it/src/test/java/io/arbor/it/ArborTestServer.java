package io.arbor.it;

import io.arbor.server.ArborServer;
import io.arbor.server.config.ConfigParser;
import io.arbor.server.config.ServerConfig;
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

    private ArborTestServer(ArborServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static ArborTestServer start() {
        return start("");
    }

    /** Starts a server with a test configuration plus {@code extraConfig} lines (zoo.cfg syntax). */
    public static ArborTestServer start(String extraConfig) {
        try {
            Path dir = Files.createTempDirectory("arbor-it");
            String cfg = "tickTime=200\n"
                    + "dataDir=" + dir + "\n"
                    + "clientPort=0\n"
                    + "clientPortAddress=127.0.0.1\n"
                    + "admin.enableServer=false\n"
                    + "4lw.commands.whitelist=*\n"
                    + "maxClientCnxns=0\n"
                    + extraConfig + "\n";
            ServerConfig config = ConfigParser.parse(cfg, "test.cfg");
            return new ArborTestServer(new ArborServer(config).start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start Arbor", e);
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
        server.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
