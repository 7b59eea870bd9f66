package io.arbor.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Runs a fixed number of indexed requests (0 .. count-1) as fast as a window of {@code inflight} requests per session
 * allows: for populating a server, and for the memory workload's timed create of a million znodes.
 */
public final class BulkLoad {
    /** Issues request number {@code index} on {@code zk}. */
    @FunctionalInterface
    public interface IndexedOperation {
        void issue(ZooKeeper zk, long index, LoadGenerator.Done done);
    }

    /**
     * @param ok requests answered OK
     * @param errors requests answered with an error (or never answered because their session was lost)
     * @param seconds from the first request to the last answer
     * @param latency latencies (ns) of the OK requests
     */
    public record Result(long ok, long errors, double seconds, Histogram latency) {
        public double opsPerSecond() {
            return seconds > 0 ? ok / seconds : 0;
        }
    }

    private BulkLoad() {
    }

    public static Result run(List<ZooKeeper> sessions, int inflight, long count, IndexedOperation op,
            Progress progress, String label) throws InterruptedException {
        Recorder recorder = new Recorder(Latency.HIGHEST_NANOS, Latency.SIGNIFICANT_DIGITS);
        AtomicLong nextIndex = new AtomicLong();
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        CountDownLatch done = new CountDownLatch(sessions.size() * inflight);
        long start = System.nanoTime();
        try (Progress.Tracker tracker = progress.track(label, () -> ok.sum() + errors.sum())) {
            tracker.phase("running " + String.format(java.util.Locale.ROOT, "%,d", count) + " requests");
            for (ZooKeeper zk : sessions) {
                for (int i = 0; i < inflight; i++) {
                    next(zk, op, count, nextIndex, recorder, ok, errors, done);
                }
            }
            // Generous: a million creates at a slow 5,000/s take 200 s.
            if (!done.await(Math.max(120, count / 2_000), TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (ok.sum() + errors.sum()) + " of " + count
                        + " requests answered in time");
            }
        }
        long end = System.nanoTime();
        long unanswered = Math.max(0, count - ok.sum() - errors.sum());
        return new Result(ok.sum(), errors.sum() + unanswered, (end - start) / 1e9, recorder.getIntervalHistogram());
    }

    private static void next(ZooKeeper zk, IndexedOperation op, long count, AtomicLong nextIndex, Recorder recorder,
            LongAdder ok, LongAdder errors, CountDownLatch done) {
        long index = nextIndex.getAndIncrement();
        if (index >= count) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        op.issue(zk, index, rc -> {
            if (rc == KeeperException.Code.OK.intValue()) {
                recorder.recordValue(Latency.clamp(System.nanoTime() - sent));
                ok.increment();
            } else {
                errors.increment();
                if (LoadGenerator.sessionLost(rc)) {
                    done.countDown();
                    return;
                }
            }
            next(zk, op, count, nextIndex, recorder, ok, errors, done);
        });
    }
}
