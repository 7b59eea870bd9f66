package io.arbor.bench;

import io.arbor.server.ArborServer;
import io.arbor.server.config.ConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Warms up the bench's own JVM before a comparison: without it the first run (ZooKeeper's, of the first workload)
 * would meet a client whose code is not compiled yet. A few seconds of every request type against a throw-away
 * server in this JVM (Arbor without fsync: the only server on the bench's class path that can run in-process).
 */
final class ClientWarmup {
    private ClientWarmup() {
    }

    static void run(Duration length, int sessions, int inflight, Progress progress) throws Exception {
        Path dir = Files.createTempDirectory("arbor-bench-warmup");
        try (ArborServer server = new ArborServer(ConfigParser.parse("tickTime=2000\ndataDir=" + dir + "\n"
                + "clientPort=0\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\nmaxClientCnxns=0\n"
                + "forceSync=no\n", "warm-up.cfg")).start()) {
            String connect = "127.0.0.1:" + server.clientAddress().getPort();
            List<ZooKeeper> clients = Clients.connectAll(connect, sessions);
            try {
                List<String> paths = Fixtures.childPaths("/warmup", 100);
                Fixtures.createEmpty(clients.get(0), "/warmup");
                Fixtures.createAll(clients, inflight, paths, new byte[100], progress, "client warm-up | preparing");
                byte[] data = new byte[100];
                LoadGenerator.run(clients, inflight, Duration.ZERO, length, (zk, done) -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    String path = paths.get(r.nextInt(paths.size()));
                    switch (r.nextInt(4)) {
                        case 0 -> zk.create("/warmup/s-", data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                                CreateMode.PERSISTENT_SEQUENTIAL, (rc, p, c, n) -> done.done(rc), null);
                        case 1 -> zk.setData(path, data, -1, (rc, p, c, s) -> done.done(rc), null);
                        case 2 -> zk.getData(path, false, (rc, p, c, d, s) -> done.done(rc), null);
                        default -> zk.getChildren("/warmup", false, (rc, p, c, ch) -> done.done(rc), null);
                    }
                }, progress, "client warm-up");
            } finally {
                Clients.closeAll(clients);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
