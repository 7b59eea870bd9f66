package io.arbor.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.txn.Txn;
import io.arbor.server.tree.DataTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When snapshots are taken: after a random count of logged txns, with a log roll first. */
class SnapshotterTest {
    @TempDir
    Path dataDir;

    @Test
    void theCountBetweenSnapshotsIsRandomWithinHalfToAllOfSnapCount() {
        Snapshotter s = new Snapshotter(Trees.fresh(), List::of, dataDir, 100, () -> { }, new Random(1));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            long t = s.nextThreshold();
            assertThat(t).isBetween(51L, 100L);
            seen.add(t);
        }
        assertThat(seen).as("every count in the range comes up").hasSize(50);
        s.close();
    }

    @Test
    void loggedTxnsTriggerARollAndABackgroundSnapshotOfTheTree() throws Exception {
        DataTree tree = Trees.fresh();
        for (Txn t : new TxnGenerator(5).generate(300)) {
            tree.apply(t);
        }
        AtomicInteger rolls = new AtomicInteger();
        try (Snapshotter s = new Snapshotter(tree, () -> List.of(new SnapshotSession(9, 3000, new byte[0])),
                dataDir, 10, rolls::incrementAndGet, new Random(2)).start()) {
            long threshold = s.threshold();
            s.txnsLogged((int) threshold - 1);
            assertThat(rolls.get()).as("not yet").isZero();
            s.txnsLogged(1);
            assertThat(rolls.get()).as("rolled on the log thread, before the snapshot").isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !SnapshotFormat.snapshots(dataDir).isEmpty());
        }
        Path file = SnapshotFormat.snapshots(dataDir).get(0);
        Snapshot read = SnapshotReader.read(file, LogReader.maxRecordBytes(1 << 20));
        assertThat(read.zxid()).isEqualTo(300);
        assertThat(read.sessions()).extracting(SnapshotSession::id).containsExactly(9L);
        DataTree loaded = Trees.fresh();
        loaded.load(read.nodes(), read.zxid());
        Trees.assertSameTree(loaded, tree, "background snapshot");
    }

    @Test
    void aSnapshotWaitsThreeTimesTheLastOnesDurationAfterItEnded() throws Exception {
        DataTree tree = Trees.fresh();
        for (Txn t : new TxnGenerator(6).generate(50)) {
            tree.apply(t);
        }
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        AtomicInteger rolls = new AtomicInteger();
        // each snapshot "takes" one second of the test's clock: the session list is read in the middle of it
        java.util.function.Supplier<List<SnapshotSession>> oneSecondSnapshot = () -> {
            clock.addAndGet(1_000_000_000L);
            return List.of();
        };
        try (Snapshotter s = new Snapshotter(tree, oneSecondSnapshot, dataDir, 10, rolls::incrementAndGet,
                new Random(3), clock::get).start()) {
            s.txnsLogged((int) s.threshold());
            assertThat(rolls.get()).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SnapshotFormat.snapshots(dataDir).size() == 1);
            // it ended at 1 s: the next may start at 1 + 3 x 1 = 4 s, however many txns come before
            s.txnsLogged(1000);
            clock.set(3_900_000_000L);
            s.txnsLogged(1);
            assertThat(rolls.get()).as("too soon after the last one").isEqualTo(1);
            clock.set(4_000_000_000L);
            s.txnsLogged(1);
            assertThat(rolls.get()).as("the counted txns start it once the wait is over").isEqualTo(2);
        }
    }
}
