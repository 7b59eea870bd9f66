package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server as a process of its own, killed with SIGKILL while stock clients write to it: every write a client
 * saw acknowledged must be there after a restart on the same directories, and nothing that was never attempted.
 * Also what a crash leaves at the end of the log (a torn tail: cut off and logged) and what it cannot leave (a
 * garbled record with good ones after it: start-up stops naming the file and offset).
 *
 * <p>{@code -Darbor.crash.rounds=N} runs more kill rounds (default 5, about 4 s each); {@code -Darbor.crash.seed=S}
 * repeats a run (the seed is printed). Beyond about 25 rounds also raise the 120 s test time-out, e.g.
 * {@code -Djunit.jupiter.execution.timeout.default=15m}.
 */
class CrashRecoveryTest {
    private static final int CLIENTS = 4;
    private static final int IN_FLIGHT_PER_CLIENT = 32;
    /** Small pre-allocation steps, so that segments grow while the clients write (the default is 64 MiB). */
    private static final String PRE_ALLOC = "preAllocSize=64";

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKill9AtRandomMoments() throws Exception {
        long seed = Long.getLong("arbor.crash.seed", new Random().nextLong());
        int rounds = Integer.getInteger("arbor.crash.rounds", 5);
        System.out.println("CrashRecoveryTest: seed " + seed + ", " + rounds + " rounds (repeat with"
                + " -Darbor.crash.seed=" + seed + " -Darbor.crash.rounds=" + rounds + ")");
        Random rnd = new Random(seed);
        Path cfg = ArborProcess.config(dir, dir.resolve("data"), PRE_ALLOC);
        WriteLedger ledger = new WriteLedger();
        for (int round = 0; round <= rounds; round++) {
            Path output = dir.resolve("server-" + round + ".out");
            try (ArborProcess server = ArborProcess.start(cfg, output)) {
                Map<String, Integer> versions;
                ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, server.connectString(), 10_000, e -> { });
                try {
                    versions = round == 0 ? setUp(zk, ledger) : ledger.verify(zk);
                    if (round == rounds) {
                        // the last restart: the recovered server also takes new writes and answers 4lw
                        zk.create(WriteLedger.ROOT + "/after-last-crash", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                                CreateMode.PERSISTENT);
                        assertThat(FourLetterWord.send(server.port(), "ruok")).isEqualTo("imok");
                        System.out.println("CrashRecoveryTest: all rounds recovered; " + ledger.summary());
                        server.stop();
                        return;
                    }
                } finally {
                    zk.close(1_000);
                }

                long killAt = ledger.acknowledged() + rnd.nextInt(2_000);
                AsyncWriters writers = AsyncWriters.start(server.connectString(), CLIENTS, IN_FLIGHT_PER_CLIENT,
                        round, seed, ledger, versions);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ledger.acknowledged() >= killAt);
                server.kill9();
                List<String> unexpected = writers.stop();
                assertThat(unexpected).as("failures other than the connection loss of the kill").isEmpty();
                System.out.println("CrashRecoveryTest: round " + round + " killed after " + ledger.acknowledged()
                        + " acknowledged writes in all; " + ledger.summary());
            } catch (AssertionError | Exception e) {
                throw new AssertionError("round " + round + " of seed " + seed + " failed (server output: "
                        + output + "): " + e.getMessage() + "\nledger: " + ledger.summary(), e);
            }
        }
    }

    /** The nodes the writers work below, and each client's counters at version 0. */
    private static Map<String, Integer> setUp(ZooKeeper zk, WriteLedger ledger) throws Exception {
        for (String p : List.of(WriteLedger.ROOT, WriteLedger.NODES, WriteLedger.SEQ, WriteLedger.COUNTERS)) {
            zk.create(p, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        Map<String, Integer> versions = new HashMap<>();
        for (int c = 0; c < CLIENTS; c++) {
            for (int k = 0; k < AsyncWriters.COUNTERS_PER_CLIENT; k++) {
                String counter = AsyncWriters.counter(c, k);
                zk.create(counter, WriteLedger.counterData(0), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                ledger.attemptSetData(counter, 0);
                ledger.ackSetData(counter, 0);
                versions.put(counter, 0);
            }
        }
        return versions;
    }

    /** The ways a crash during an append leaves the last record of the last segment. */
    enum Tear {
        /** The file was extended for the record and the crash came before all of it was written. */
        FILE_ENDS_INSIDE_THE_RECORD,
        /** The record went into pre-allocated space and its last bytes never made it (still zeros). */
        RECORD_ENDS_IN_ZEROS
    }

    @ParameterizedTest
    @EnumSource(Tear.class)
    void aTornTailIsCutAtTheLastGoodRecordLoggedAndEverythingBeforeItKept(Tear tear) throws Exception {
        Path data = dir.resolve("data");
        Path cfg = ArborProcess.config(dir, data, PRE_ALLOC);
        writeNodesAndKill(cfg, "/torn", 10, true);

        Path segment = last(SegmentLayout.segments(data));
        SegmentLayout layout = SegmentLayout.of(segment);
        long torn = layout.lastRecordOffset(); // the create of /torn/last
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            if (tear == Tear.FILE_ENDS_INSIDE_THE_RECORD) {
                ch.truncate(layout.dataEnd() - 3);
            } else {
                ch.write(ByteBuffer.allocate(3), layout.dataEnd() - 3);
            }
        }

        try (ArborProcess server = ArborProcess.start(cfg, dir.resolve("after-tear.out"))) {
            ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, server.connectString(), 10_000, e -> { });
            try {
                assertThat(server.lines()).as("the cut is logged with the file and the offset").anyMatch(l ->
                        l.contains("torn tail") && l.contains(segment.toString())
                                && l.contains("byte offset " + torn + " "));
                assertNodes(zk, "/torn", 10);
                assertThat(zk.exists("/torn/last", false)).as("the torn record is gone").isNull();
                assertThat(Files.size(segment)).as("the segment ends at the last good record").isEqualTo(torn);
                zk.create("/torn/after", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } finally {
                zk.close(1_000);
            }
            server.stop();
        }
        // and the next start reads the cut segment and the new one without complaint
        try (ArborProcess server = ArborProcess.start(cfg, dir.resolve("again.out"))) {
            ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, server.connectString(), 10_000, e -> { });
            try {
                assertNodes(zk, "/torn", 10);
                assertThat(zk.exists("/torn/after", false)).isNotNull();
            } finally {
                zk.close(1_000);
            }
            assertThat(server.lines()).noneMatch(l -> l.contains("torn tail"));
            server.stop();
        }
    }

    @Test
    void aGarbledRecordInTheMiddleOfTheLogStopsStartUpNamingTheFileAndOffset() throws Exception {
        Path data = dir.resolve("data");
        Path cfg = ArborProcess.config(dir, data, PRE_ALLOC);
        writeNodesAndKill(cfg, "/garbled", 10, false);

        Path segment = last(SegmentLayout.segments(data));
        SegmentLayout layout = SegmentLayout.of(segment);
        long garbled = layout.recordOffsets().get(layout.recordOffsets().size() / 2);
        flipPayloadByte(segment, garbled);
        assertStartUpStops(cfg, segment, garbled);
    }

    @Test
    void aGarbledLastRecordOfAnEarlierSegmentIsNotMistakenForATornTail() throws Exception {
        Path data = dir.resolve("data");
        Path cfg = ArborProcess.config(dir, data, PRE_ALLOC);
        writeNodesAndKill(cfg, "/first", 5, false);
        Path first = last(SegmentLayout.segments(data));
        // a second run writes a segment of its own after the first one
        try (ArborProcess server = ArborProcess.start(cfg, dir.resolve("second.out"))) {
            ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, server.connectString(), 10_000, e -> { });
            try {
                zk.create("/second", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } finally {
                zk.close(1_000);
            }
            server.kill9();
        }
        assertThat(SegmentLayout.segments(data)).hasSize(2).startsWith(first);

        SegmentLayout layout = SegmentLayout.of(first);
        flipPayloadByte(first, layout.lastRecordOffset());
        assertStartUpStops(cfg, first, layout.lastRecordOffset());
    }

    /** Creates {@code root} and {@code count} children (then {@code root/last} if asked) and kills the server. */
    private void writeNodesAndKill(Path cfg, String root, int count, boolean last) throws Exception {
        try (ArborProcess server = ArborProcess.start(cfg, dir.resolve("before.out"))) {
            ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, server.connectString(), 10_000, e -> { });
            try {
                zk.create(root, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                for (int i = 0; i < count; i++) {
                    zk.create(root + "/n-" + i, ("d-" + i).getBytes(StandardCharsets.UTF_8),
                            ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                }
                if (last) {
                    zk.create(root + "/last", new byte[100], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                }
                // killed with the client still open: no closeSession follows the last create in the log
                server.kill9();
            } finally {
                zk.close(100);
            }
        }
    }

    private static void assertNodes(ZooKeeper zk, String root, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(zk.getData(root + "/n-" + i, false, null)).as(root + "/n-" + i)
                    .isEqualTo(("d-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Changes one byte of the payload of the record at {@code recordOffset}, so its checksum no longer holds. */
    private static void flipPayloadByte(Path segment, long recordOffset) throws Exception {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = recordOffset + SegmentLayout.RECORD_HEADER_BYTES + 2;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            ch.write(b.rewind(), at);
        }
    }

    /** The server refuses to start, names the file and offset, exits non-zero and leaves the log as it was. */
    private void assertStartUpStops(Path cfg, Path segment, long offset) throws Exception {
        byte[] before = Files.readAllBytes(segment);
        try (ArborProcess server = ArborProcess.start(cfg, dir.resolve("refused.out"))) {
            assertThat(server.awaitExit()).as("exit status").isNotZero();
            assertThat(server.lines()).as("start-up names the file and offset").anyMatch(l ->
                    l.contains(segment.toString()) && l.contains("byte offset " + offset + ":"));
            assertThat(server.lines()).noneMatch(l -> l.contains("Listening for clients"));
        }
        assertThat(Files.readAllBytes(segment)).as("the log is left for an operator to look at").isEqualTo(before);
    }

    private static Path last(List<Path> segments) {
        assertThat(segments).isNotEmpty();
        return segments.get(segments.size() - 1);
    }
}
