package io.arbor.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.txn.Txn;
import io.arbor.server.tree.DataTree;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzzy snapshot is made exact by replay: txns are applied to a tree on one thread while a snapshot of it
 * is written on another, the walk letting a few txns through after every node so that they really
 * interleave; the snapshot loaded into a fresh tree, with every txn after its start zxid replayed on top,
 * must equal the original in every node's stored fields, data, ACL and children.
 */
class FuzzySnapshotReplayTest {
    private static final int TXNS = 4000;
    private static final int MAX_RECORD = LogReader.maxRecordBytes(1 << 20);

    @TempDir
    Path dataDir;

    @Test
    void replayOverAFuzzySnapshotGivesTheOriginalTree() throws Exception {
        long base = new Random().nextLong();
        for (int round = 0; round < 20; round++) {
            long seed = base + round;
            check(seed);
        }
    }

    private void check(long seed) throws Exception {
        String context = "seed " + seed;
        Random random = new Random(seed);
        List<Txn> txns = new TxnGenerator(seed).generate(TXNS);
        DataTree original = Trees.fresh();
        int before = 500 + random.nextInt(1500);
        for (int i = 0; i < before; i++) {
            original.apply(txns.get(i));
        }

        Semaphore go = new Semaphore(0);
        AtomicReference<Throwable> applyFailure = new AtomicReference<>();
        AtomicInteger appliedDuringWalk = new AtomicInteger();
        Thread applier = new Thread(() -> {
            try {
                for (int i = before; i < txns.size(); i++) {
                    go.acquire();
                    original.apply(txns.get(i));
                    appliedDuringWalk.incrementAndGet();
                }
            } catch (Throwable t) {
                applyFailure.set(t);
            }
        }, "applier");
        applier.start();

        long startZxid = original.lastProcessedZxid(); // the applier waits for the walk's first permits
        SnapshotWriter.Written written;
        int duringWalk;
        try {
            int[] released = {0};
            written = SnapshotWriter.write(dataDir, startZxid, List.of(), sink -> original.walk(node -> {
                sink.accept(node);
                int k = random.nextInt(6);
                released[0] += k;
                go.release(k); // a few txns go in between this node and the next
                if (random.nextBoolean()) {
                    // half the time in lockstep (the txns are in before the next node is read), else racing
                    while (appliedDuringWalk.get() < Math.min(released[0], txns.size() - before)
                            && applier.isAlive()) {
                        Thread.onSpinWait();
                    }
                }
            }));
        } finally {
            duringWalk = appliedDuringWalk.get();
            go.release(TXNS);
            applier.join();
        }
        assertThat(applyFailure.get()).as(context + ": applying the txns").isNull();
        assertThat(duringWalk).as(context + ": txns applied while the walk ran").isPositive();

        Snapshot snapshot = SnapshotReader.read(written.file(), MAX_RECORD);
        assertThat(snapshot.zxid()).isEqualTo(startZxid);
        DataTree recovered = Trees.fresh();
        recovered.load(snapshot.nodes(), snapshot.zxid());
        for (Txn t : txns) {
            if (t.zxid() > snapshot.zxid()) {
                recovered.apply(t);
            }
        }
        Trees.assertSameTree(recovered, original, context + " (snapshot at zxid " + startZxid + ", "
                + duringWalk + " txns applied during the walk)");
    }
}
