package io.arbor.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.protocol.txn.TxnHeader;
import io.arbor.server.pipeline.Request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The txn log on disk: framing, checksums, torn tails, corruption, segments, pre-allocation, group commit. */
class TxnLogTest {
    private static final int MAX_RECORD = LogReader.maxRecordBytes(1 << 20);

    @TempDir
    Path dataLogDir;

    private final List<Request> applied = new CopyOnWriteArrayList<>();

    private static Request write(long zxid) {
        Request r = new Request(null, 7, (int) zxid, OpCode.SET_DATA, null, List.of());
        SetDataTxn body = new SetDataTxn("/n" + zxid, ("data-" + zxid + "-" + "x".repeat((int) (zxid % 13)))
                .getBytes(StandardCharsets.UTF_8), (int) zxid);
        r.txn = new Txn(new TxnHeader(7, (int) zxid, zxid, 1000 + zxid, body.type()), body);
        return r;
    }

    private static Request failed() {
        Request r = new Request(null, 7, 99, OpCode.SET_DATA, null, List.of());
        r.err = ErrorCode.BAD_VERSION;
        return r;
    }

    private TxnLog log(long preAlloc, long segmentBytes, TxnLog.Syncer syncer) throws IOException {
        return new TxnLog(dataLogDir, preAlloc, true, MAX_RECORD, segmentBytes, applied::add, syncer).start();
    }

    /** Writes txns with zxids from..to through a log that is then closed. */
    private void writeLog(long from, long to) throws IOException {
        try (TxnLog log = log(4096, TxnLog.DEFAULT_SEGMENT_BYTES, ch -> ch.force(false))) {
            for (long z = from; z <= to; z++) {
                log.submit(write(z));
            }
        }
    }

    private List<Txn> replay(long after) throws IOException {
        List<Txn> out = new ArrayList<>();
        LogReader.replay(dataLogDir, after, MAX_RECORD, out::add);
        return out;
    }

    private static String describe(Txn t) {
        SetDataTxn s = (SetDataTxn) t.body();
        return t.zxid() + " " + s.path() + " " + new String(s.data(), StandardCharsets.UTF_8) + " v" + s.version();
    }

    private static List<String> expected(long from, long to) {
        List<String> out = new ArrayList<>();
        for (long z = from; z <= to; z++) {
            out.add(describe(write(z).txn));
        }
        return out;
    }

    private List<Path> segments() throws IOException {
        return LogReader.segments(LogFormat.segmentDir(dataLogDir));
    }

    /** Byte offsets of the records of a segment, read through the framing alone. */
    private static List<Long> recordOffsets(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<Long> out = new ArrayList<>();
        int pos = LogFormat.HEADER_BYTES;
        while (pos + 8 <= b.limit() && b.getInt(pos) != 0) {
            out.add((long) pos);
            pos += 8 + b.getInt(pos);
        }
        out.add((long) pos); // where the records end
        return out;
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        overwrite(file, offset, new byte[] {(byte) (all[(int) offset] ^ 0x40)});
    }

    @Test
    void recordsRoundTripInOrderAndReplayStartsAfterTheGivenZxid() throws IOException {
        writeLog(1, 100);

        List<Txn> all = new ArrayList<>();
        assertThat(LogReader.replay(dataLogDir, 0, MAX_RECORD, all::add)).isEqualTo(100);
        assertThat(all).map(TxnLogTest::describe).containsExactlyElementsOf(expected(1, 100));
        assertThat(replay(40)).map(TxnLogTest::describe).containsExactlyElementsOf(expected(41, 100));
        assertThat(LogReader.replay(dataLogDir, 100, MAX_RECORD, t -> { })).isEqualTo(100);
        assertThat(segments()).extracting(p -> p.getFileName().toString()).containsExactly("log.1");
    }

    @Test
    void everyRequestIsHandedOnInOrderAfterItsTxnIsWritten() throws IOException {
        try (TxnLog log = log(4096, TxnLog.DEFAULT_SEGMENT_BYTES, ch -> ch.force(false))) {
            log.submit(write(1));
            log.submit(failed());
            log.submit(write(2));
        }
        assertThat(applied).extracting(r -> r.txn == null ? "error" : "txn " + r.txn.zxid())
                .containsExactly("txn 1", "error", "txn 2");
        assertThat(replay(0)).hasSize(2);
    }

    @Test
    void emptyOrMissingLogReplaysNothing() throws IOException {
        assertThat(LogReader.replay(dataLogDir.resolve("missing"), 0, MAX_RECORD, t -> {
            throw new AssertionError("no txn expected");
        })).isZero();
        Files.createDirectories(LogFormat.segmentDir(dataLogDir));
        assertThat(LogReader.replay(dataLogDir, 7, MAX_RECORD, t -> {
            throw new AssertionError("no txn expected");
        })).isEqualTo(7);
    }

    @Test
    void checksumMismatchInTheLastRecordIsCutOff() throws IOException {
        writeLog(1, 10);
        Path file = segments().get(0);
        List<Long> offsets = recordOffsets(file);
        flipByte(file, offsets.get(9) + 8 + 3);

        assertThat(replay(0)).map(TxnLogTest::describe).containsExactlyElementsOf(expected(1, 9));
        assertThat(Files.size(file)).isEqualTo(offsets.get(9));
        assertThat(replay(0)).hasSize(9); // and the cut log reads cleanly again
    }

    @Test
    void aTornLastRecordIsCutOffWhereverTheWriteStopped() throws IOException {
        writeLog(1, 10);
        Path file = segments().get(0);
        byte[] original = Files.readAllBytes(file);
        List<Long> offsets = recordOffsets(file);
        long lastStart = offsets.get(9);
        long lastEnd = offsets.get(10);

        for (long cut = lastStart; cut < lastEnd; cut++) {
            // the file ends inside the record
            Files.write(file, original);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            assertThat(replay(0)).as("file cut at %d", cut).map(TxnLogTest::describe)
                    .containsExactlyElementsOf(expected(1, 9));
            assertThat(Files.size(file)).as("file cut at %d", cut).isEqualTo(lastStart);

            // the pre-allocated file keeps its size, the rest of the record never reached the disk
            Files.write(file, original);
            overwrite(file, cut, new byte[(int) (lastEnd - cut)]);
            assertThat(replay(0)).as("record zeroed from %d", cut).map(TxnLogTest::describe)
                    .containsExactlyElementsOf(expected(1, 9));
            assertThat(Files.size(file)).isLessThanOrEqualTo(original.length);
        }
    }

    @Test
    void aBadRecordWithDataAfterItStopsReplayNamingFileAndOffset() throws IOException {
        writeLog(1, 10);
        Path file = segments().get(0);
        long fifth = recordOffsets(file).get(4);
        flipByte(file, fifth + 8 + 5);
        long size = Files.size(file);

        assertThatThrownBy(() -> replay(0)).isInstanceOf(LogCorruptException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("offset " + fifth)
                .hasMessageContaining("checksum");
        assertThat(Files.size(file)).as("nothing cut").isEqualTo(size);
    }

    @Test
    void aGarbledLengthWithDataAfterItStopsReplay() throws IOException {
        writeLog(1, 10);
        Path file = segments().get(0);
        long third = recordOffsets(file).get(2);
        overwrite(file, third, new byte[] {0x7f, 0, 0, 0});

        assertThatThrownBy(() -> replay(0)).isInstanceOf(LogCorruptException.class)
                .hasMessageContaining("offset " + third).hasMessageContaining("out of bounds");
    }

    @Test
    void aBadRecordAtTheEndOfASegmentThatIsNotTheLastStopsReplay() throws IOException {
        try (TxnLog log = log(4096, TxnLog.DEFAULT_SEGMENT_BYTES, ch -> ch.force(false))) {
            for (long z = 1; z <= 5; z++) {
                log.submit(write(z));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 5);
            log.roll();
            for (long z = 6; z <= 10; z++) {
                log.submit(write(z));
            }
        }
        assertThat(segments()).extracting(p -> p.getFileName().toString()).containsExactly("log.1", "log.6");
        assertThat(replay(0)).map(TxnLogTest::describe).containsExactlyElementsOf(expected(1, 10));

        Path first = segments().get(0);
        long lastOfFirst = recordOffsets(first).get(4);
        flipByte(first, lastOfFirst + 9);
        assertThatThrownBy(() -> replay(0)).isInstanceOf(LogCorruptException.class)
                .hasMessageContaining(first.toString()).hasMessageContaining("offset " + lastOfFirst)
                .hasMessageContaining("not the last");
    }

    @Test
    void aMissingSegmentIsAGap() throws IOException {
        TxnLog log = log(4096, 300, ch -> ch.force(false));
        for (long z = 1; z <= 30; z++) {
            log.submit(write(z));
            long expect = z;
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == expect);
        }
        log.close();
        List<Path> segments = segments();
        assertThat(segments.size()).isGreaterThanOrEqualTo(3);
        Files.delete(segments.get(1));

        assertThatThrownBy(() -> replay(0)).isInstanceOf(LogCorruptException.class)
                .hasMessageContaining(segments.get(2).toString()).hasMessageContaining("expected");
    }

    @Test
    void aZxidThatDoesNotFollowItsPredecessorStopsReplay() throws IOException {
        try (TxnLog log = log(4096, TxnLog.DEFAULT_SEGMENT_BYTES, ch -> ch.force(false))) {
            log.submit(write(1));
            log.submit(write(2));
            log.submit(write(2)); // a regression
            log.submit(write(3));
        }
        Path file = segments().get(0);
        long third = recordOffsets(file).get(2);
        assertThatThrownBy(() -> replay(0)).isInstanceOf(LogCorruptException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("offset " + third)
                .hasMessageContaining("0x3 was expected");
    }

    @Test
    void segmentsRollBySizeAndReplayAcrossThem() throws IOException {
        TxnLog log = log(512, 1000, ch -> ch.force(false));
        for (long z = 1; z <= 100; z++) {
            log.submit(write(z));
            if (z % 7 == 0) { // groups of several requests
                long expect = z;
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == expect);
            }
        }
        log.close();

        List<Path> segments = segments();
        assertThat(segments.size()).isGreaterThan(3);
        assertThat(segments.get(0).getFileName().toString()).isEqualTo("log.1");
        for (Path p : segments) {
            ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(p), 0, LogFormat.HEADER_BYTES);
            assertThat(header.getInt()).isEqualTo(LogFormat.MAGIC);
            assertThat(header.getInt()).isEqualTo(LogFormat.VERSION);
            assertThat("log." + Long.toHexString(header.getLong())).isEqualTo(p.getFileName().toString());
        }
        assertThat(replay(0)).map(TxnLogTest::describe).containsExactlyElementsOf(expected(1, 100));
        assertThat(replay(50)).map(TxnLogTest::describe).containsExactlyElementsOf(expected(51, 100));
    }

    @Test
    void segmentsGrowInPreAllocationStepsAndThePaddingIsNotRead() throws IOException {
        writeLog(1, 3);
        Path file = segments().get(0);
        assertThat(Files.size(file)).isEqualTo(4096);
        writeLog(4, 200); // a second run: a new segment, grown past one step
        Path second = segments().get(1);
        assertThat(second.getFileName().toString()).isEqualTo("log.4");
        assertThat(Files.size(second)).isGreaterThan(4096);
        assertThat(Files.size(second) % 4096).isZero();
        assertThat(recordOffsets(second).get(197)).isLessThan(Files.size(second));

        assertThat(replay(0)).map(TxnLogTest::describe).containsExactlyElementsOf(expected(1, 200));
        assertThat(Files.size(second) % 4096).as("the padding was not cut as a torn tail").isZero();
    }

    @Test
    void aGroupTakesEverythingThatQueuedDuringTheLastFsync() throws Exception {
        AtomicInteger forces = new AtomicInteger();
        CountDownLatch firstForceEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstForce = new CountDownLatch(1);
        TxnLog.Syncer slowFirstFsync = ch -> {
            if (forces.incrementAndGet() == 1) {
                firstForceEntered.countDown();
                try {
                    releaseFirstForce.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ch.force(false);
        };
        try (TxnLog log = log(4096, TxnLog.DEFAULT_SEGMENT_BYTES, slowFirstFsync)) {
            log.submit(write(1)); // an idle log writes a lone request at once
            assertThat(firstForceEntered.await(10, TimeUnit.SECONDS)).isTrue();
            for (long z = 2; z <= 20; z++) {
                log.submit(write(z));
                if (z == 10) {
                    log.submit(failed());
                }
            }
            assertThat(applied).as("nothing is handed on before its fsync").isEmpty();
            releaseFirstForce.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 21);
            assertThat(forces.get()).as("one fsync for request 1, one for the 20 that queued meanwhile").isEqualTo(2);

            log.submit(failed()); // nothing to write: handed on without an fsync
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 22);
            assertThat(forces.get()).isEqualTo(2);
        }
        List<String> order = new ArrayList<>();
        for (Request r : applied) {
            order.add(r.txn == null ? "error" : Long.toString(r.txn.zxid()));
        }
        List<String> want = new ArrayList<>();
        for (long z = 1; z <= 20; z++) {
            want.add(Long.toString(z));
            if (z == 10) {
                want.add("error");
            }
        }
        want.add("error");
        assertThat(order).containsExactlyElementsOf(want);
    }

    /** A txn like {@link #write} whose data says which attempt wrote it, of the same length for any tag. */
    private static Request write(long zxid, char tag, int epoch) {
        Request r = new Request(null, 7, (int) zxid, OpCode.SET_DATA, null, List.of());
        SetDataTxn body = new SetDataTxn("/n" + zxid, ("attempt-" + tag).getBytes(StandardCharsets.UTF_8), 1);
        r.txn = new Txn(new TxnHeader(7, (int) zxid, zxid, 1000 + zxid, body.type()), body);
        r.epoch = epoch;
        return r;
    }

    private List<String> outcomes() {
        List<String> out = new ArrayList<>();
        for (Request r : applied) {
            out.add(r.txn != null ? "ok " + r.xid : r.err == ErrorCode.SYSTEM_ERROR ? "refused " + r.xid : "?");
        }
        return out;
    }

    @Test
    void aFailedFsyncRefusesItsGroupAndWhatWasPreparedOnItAndIsCutOffTheSegment() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch firstForceEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstForce = new CountDownLatch(1);
        TxnLog.Syncer secondFails = ch -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                firstForceEntered.countDown();
                try {
                    releaseFirstForce.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ch.force(false); // the records reach the disk before the failure is reported, the worst case
            if (n == 2) {
                throw new IOException("simulated fsync failure");
            }
        };
        AtomicInteger failures = new AtomicInteger();
        try (TxnLog log = log(4096, TxnLog.DEFAULT_SEGMENT_BYTES, secondFails)) {
            log.onWriteFailure(failures::incrementAndGet);
            log.submit(write(1, 'a', 0));
            assertThat(firstForceEntered.await(10, TimeUnit.SECONDS)).isTrue();
            log.submit(write(2, 'a', 0)); // these two queue behind the first fsync: one group, which fails
            log.submit(write(3, 'a', 0));
            releaseFirstForce.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 3);
            assertThat(failures.get()).as("PREPARE is told once").isEqualTo(1);

            log.submit(write(4, 'a', 0)); // prepared on the failed group's state before PREPARE rolled back
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 4);
            assertThat(calls.get()).as("refused without touching the disk").isEqualTo(2);
            assertThat(failures.get()).isEqualTo(1);

            // PREPARE rolled back: zxid 2 again, a record as long as the refused one
            log.submit(write(2, 'b', 1));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 5);
        }
        assertThat(outcomes()).containsExactly("ok 1", "refused 2", "refused 3", "refused 4", "ok 2");
        assertThat(replay(0)).as("the refused zxid 3 must not come back from behind the new zxid 2")
                .map(TxnLogTest::describe)
                .containsExactly(describe(write(1, 'a', 0).txn), describe(write(2, 'b', 1).txn));
    }

    @Test
    void aFailedGroupThatStartedASegmentTakesTheSegmentWithIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TxnLog.Syncer firstFails = ch -> {
            ch.force(false);
            if (calls.incrementAndGet() == 1) {
                throw new IOException("simulated fsync failure");
            }
        };
        try (TxnLog log = log(4096, TxnLog.DEFAULT_SEGMENT_BYTES, firstFails)) {
            log.submit(write(1, 'a', 0));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 1);
            assertThat(segments()).as("the segment the failed group made is gone").isEmpty();
            log.submit(write(1, 'b', 1));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> applied.size() == 2);
        }
        assertThat(outcomes()).containsExactly("refused 1", "ok 1");
        assertThat(replay(0)).map(TxnLogTest::describe).containsExactly(describe(write(1, 'b', 1).txn));
    }
}
