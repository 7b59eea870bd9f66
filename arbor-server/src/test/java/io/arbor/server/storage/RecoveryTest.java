package io.arbor.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.txn.CloseSessionTxn;
import io.arbor.protocol.txn.CreateSessionTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.server.pipeline.Request;
import io.arbor.server.tree.DataTree;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery from snapshots and the log on their own and together, and purge keeping all that recovery needs.
 */
class RecoveryTest {
    private static final int MAX_RECORD = LogReader.maxRecordBytes(1 << 20);
    private static final List<Txn> TXNS = new TxnGenerator(20240601).generate(400);

    @TempDir
    Path dataDir;

    /** Txns 1..400 of one generator; recovering a prefix must give the tree these give. */
    private static DataTree treeUpTo(long zxid) {
        DataTree tree = Trees.fresh();
        for (Txn t : TXNS) {
            if (t.zxid() <= zxid) {
                tree.apply(t);
            }
        }
        return tree;
    }

    /** One log segment holding txns from..to (a closed TxnLog; the next call starts a new segment). */
    private void segment(long from, long to) throws IOException {
        try (TxnLog log = new TxnLog(dataDir, 4096, false, MAX_RECORD, r -> { }).start()) {
            for (Txn t : TXNS.subList((int) from - 1, (int) to)) {
                Request r = new Request(null, t.header().sessionId(), 0, t.header().type(), null, List.of());
                r.txn = t;
                log.submit(r);
            }
        }
    }

    private Path snapshotAt(long zxid) throws IOException {
        DataTree tree = treeUpTo(zxid);
        return SnapshotWriter.write(dataDir, zxid, List.of(new SnapshotSession(77, 5000, new byte[] {7})),
                tree::walk).file();
    }

    private record Recovered(DataTree tree, Recovery.Result result, Set<Long> sessions) {
    }

    private Recovered recover() throws IOException {
        DataTree tree = Trees.fresh();
        Set<Long> sessions = new TreeSet<>();
        Recovery.Result result = Recovery.recover(dataDir, dataDir, MAX_RECORD, tree, s -> sessions.add(s.id()),
                t -> {
                    tree.apply(t);
                    if (t.body() instanceof CreateSessionTxn) {
                        sessions.add(t.header().sessionId());
                    } else if (t.body() instanceof CloseSessionTxn) {
                        sessions.remove(t.header().sessionId());
                    }
                });
        return new Recovered(tree, result, sessions);
    }

    private static void corrupt(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), ch.size() / 2);
        }
    }

    @Test
    void anEmptyDirectoryGivesAnEmptyTree() throws IOException {
        Recovered r = recover();
        assertThat(r.result()).isEqualTo(new Recovery.Result(null, 0, 0));
        Trees.assertSameTree(r.tree(), Trees.fresh(), "empty");
    }

    @Test
    void aLogWithoutASnapshotIsReplayedFromTheStart() throws IOException {
        segment(1, 250);
        segment(251, 400);
        Recovered r = recover();
        assertThat(r.result().snapshot()).isNull();
        assertThat(r.result().lastZxid()).isEqualTo(400);
        Trees.assertSameTree(r.tree(), treeUpTo(400), "log only");
    }

    @Test
    void aSnapshotWithoutALogIsLoadedWithItsSessions() throws IOException {
        Path snap = snapshotAt(300);
        Recovered r = recover();
        assertThat(r.result()).isEqualTo(new Recovery.Result(snap, 300, 300));
        assertThat(r.sessions()).containsExactly(77L);
        Trees.assertSameTree(r.tree(), treeUpTo(300), "snapshot only");
    }

    @Test
    void aCorruptNewestSnapshotFallsBackToAnOlderOneAndTheLog() throws IOException {
        segment(1, 100);
        segment(101, 200);
        segment(201, 400);
        Path older = snapshotAt(150);
        Path newest = snapshotAt(250);
        corrupt(newest);
        Recovered r = recover();
        assertThat(r.result()).isEqualTo(new Recovery.Result(older, 150, 400));
        Trees.assertSameTree(r.tree(), treeUpTo(400), "older snapshot and the log");

        // and with every snapshot corrupt, a log that still begins at the first txn is enough
        corrupt(older);
        Recovered fromLog = recover();
        assertThat(fromLog.result().snapshot()).isNull();
        Trees.assertSameTree(fromLog.tree(), treeUpTo(400), "log alone");
    }

    @Test
    void purgeKeepsTheRetainedSnapshotsAndTheSegmentsAfterTheOldest() throws IOException {
        segment(1, 100);
        segment(101, 200);
        segment(201, 300);
        segment(301, 400);
        Path s50 = snapshotAt(50);
        Path s120 = snapshotAt(120);
        Path s200 = snapshotAt(200);
        Path s350 = snapshotAt(350);
        Path seg1 = LogFormat.segmentDir(dataDir).resolve("log.1");

        Purger purger = new Purger(dataDir, dataDir, 3, MAX_RECORD);
        Purger.Result first = purger.purge();
        assertThat(first.snapshots()).containsExactly(s50);
        // log.65 (0x65 = 101) holds 101..200, so it holds 120: kept
        assertThat(first.segments()).containsExactly(seg1);
        assertThat(Files.exists(LogFormat.segmentDir(dataDir).resolve("log.65"))).isTrue();
        Trees.assertSameTree(recover().tree(), treeUpTo(400), "after the first purge");

        // the oldest retained snapshot is the last txn of a segment: that segment goes, the next stays
        snapshotAt(380);
        Purger.Result second = purger.purge();
        assertThat(second.snapshots()).containsExactly(s120);
        assertThat(second.segments()).extracting(p -> p.getFileName().toString()).containsExactly("log.65");
        assertThat(SnapshotFormat.snapshots(dataDir)).hasSize(3).contains(s200, s350);
        Trees.assertSameTree(recover().tree(), treeUpTo(400), "after the second purge");

        // every file recovery needs is still there: recovering with the oldest retained snapshot works too
        corrupt(SnapshotFormat.snapshots(dataDir).get(0));
        corrupt(SnapshotFormat.snapshots(dataDir).get(1));
        Recovered oldest = recover();
        assertThat(oldest.result().snapshot()).isEqualTo(s200);
        Trees.assertSameTree(oldest.tree(), treeUpTo(400), "from the oldest retained snapshot");
    }

    @Test
    void purgeCountsOnlySnapshotsThatVerifyAndNeedsOne() throws IOException {
        segment(1, 200);
        segment(201, 400);
        Path s100 = snapshotAt(100);
        Path s300 = snapshotAt(300);
        corrupt(s300);
        Purger purger = new Purger(dataDir, dataDir, 1, MAX_RECORD);
        Purger.Result r = purger.purge();
        assertThat(r.snapshots()).isEmpty(); // s100 is the one that verifies; s300, newer, is left to look at
        assertThat(r.segments()).isEmpty(); // log.1 holds 101..200, after s100
        corrupt(s100);
        assertThat(purger.purge()).isEqualTo(new Purger.Result(List.of(), List.of()));
        assertThat(new ArrayList<>(SnapshotFormat.snapshots(dataDir))).containsExactly(s300, s100);
    }
}
