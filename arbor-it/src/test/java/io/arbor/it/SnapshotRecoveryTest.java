package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.server.storage.LogFormat;
import io.arbor.server.storage.SnapshotFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots taken in the background while a stock client writes, and recovery from them: all data comes back
 * after a restart, also when the newest snapshot is corrupt (an older one plus the log), and after a purge.
 */
class SnapshotRecoveryTest {
    private static final int NODES = 3000;
    private static final String CONFIG = "snapCount=100\nautopurge.snapRetainCount=3";

    @TempDir
    Path dataDir;

    private static byte[] data(int i, int round) {
        return ("node-" + i + "-round-" + round).getBytes(StandardCharsets.UTF_8);
    }

    /** Creates the nodes (or sets their data) asynchronously, a few hundred in flight; returns when all are in. */
    private static void write(ZooKeeper zk, int round) throws Exception {
        Semaphore inFlight = new Semaphore(300);
        CountDownLatch done = new CountDownLatch(NODES);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < NODES; i++) {
            inFlight.acquire();
            String path = "/snap/n" + i;
            if (round == 0) {
                zk.create(path, data(i, round), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, c, n) -> {
                    if (rc != 0) {
                        failures.add(p + ": " + KeeperException.Code.get(rc));
                    }
                    inFlight.release();
                    done.countDown();
                }, null);
            } else {
                zk.setData(path, data(i, round), -1, (rc, p, c, stat) -> {
                    if (rc != 0) {
                        failures.add(p + ": " + KeeperException.Code.get(rc));
                    }
                    inFlight.release();
                    done.countDown();
                }, null);
            }
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).as("every write answered").isTrue();
        assertThat(failures).isEmpty();
    }

    private static Map<String, String> readAll(ZooKeeper zk) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String child : zk.getChildren("/snap", false)) {
            out.put(child, new String(zk.getData("/snap/" + child, false, null), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, String> expected(int round) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < NODES; i++) {
            out.put("n" + i, new String(data(i, round), StandardCharsets.UTF_8));
        }
        return out;
    }

    private List<Path> snapshots() throws IOException {
        return SnapshotFormat.snapshots(dataDir);
    }

    private long segments() throws IOException {
        try (Stream<Path> s = Files.list(LogFormat.segmentDir(dataDir))) {
            return s.filter(p -> p.getFileName().toString().startsWith(LogFormat.PREFIX)).count();
        }
    }

    @Test
    void dataComesBackFromSnapshotsAndTheLogAlsoWhenTheNewestSnapshotIsCorrupt() throws Exception {
        ArborTestServer server = ArborTestServer.start(dataDir, CONFIG);
        try {
            ZooKeeper zk = server.client();
            try {
                zk.create("/snap", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                write(zk, 0);
                write(zk, 1);
            } finally {
                zk.close();
            }
            // snapshots run in the background: about one per 50..100 txns of the 6000 written
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() >= 3);
            assertThat(segments()).as("each snapshot rolled the log").isGreaterThan(1);

            server = server.restart();
            zk = server.client();
            try {
                assertThat(readAll(zk)).isEqualTo(expected(1));
                write(zk, 2); // more snapshots and log after the recovered ones
            } finally {
                zk.close();
            }
            server.close();

            List<Path> snapshots = snapshots();
            assertThat(snapshots).hasSizeGreaterThanOrEqualTo(2);
            Path newest = snapshots.get(0);
            try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap("garbage!".getBytes(StandardCharsets.UTF_8)), ch.size() / 2);
            }
            server = ArborTestServer.start(dataDir, CONFIG);
            zk = server.client();
            try {
                assertThat(readAll(zk)).as("from the older snapshot and the log").isEqualTo(expected(2));
                assertThat(server.server().purgeNow().snapshots()).as("purge after the corrupt one").isNotEmpty();
            } finally {
                zk.close();
            }
            assertThat(snapshots()).as("the corrupt one (newer than the retained) and 3 that verify")
                    .hasSize(4).contains(newest);

            server = server.restart();
            zk = server.client();
            try {
                assertThat(readAll(zk)).as("after a purge").isEqualTo(expected(2));
            } finally {
                zk.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aCleanShutdownLeavesASnapshotOfTheFinalTree() throws Exception {
        // no background snapshot: snapCount is far above what is written
        ArborTestServer server = ArborTestServer.start(dataDir, "snapCount=1000000");
        long lastZxid;
        try {
            ZooKeeper zk = server.client();
            try {
                zk.create("/snap", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                write(zk, 0);
                lastZxid = zk.exists("/snap/n" + (NODES - 1), false).getMzxid();
            } finally {
                zk.close();
            }
            assertThat(snapshots()).as("none while it ran").isEmpty();
        } finally {
            server.close();
        }
        // the closeSession of the client came after its last write
        assertThat(snapshots()).hasSize(1);
        assertThat(SnapshotFormat.zxidOf(snapshots().get(0))).isGreaterThan(lastZxid);

        server = ArborTestServer.start(dataDir, "snapCount=1000000");
        try {
            ZooKeeper zk = server.client();
            try {
                assertThat(readAll(zk)).isEqualTo(expected(0));
            } finally {
                zk.close();
            }
        } finally {
            server.close();
        }
    }
}
