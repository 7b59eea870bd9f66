package io.arbor.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Drives a request type at a fixed concurrency for a time: every session keeps {@code inflight} asynchronous requests
 * outstanding, each completion (on the client's event thread) issuing the next one, so the window never drains
 * between requests. A warm-up is run and thrown away, then a measuring window is recorded into an HdrHistogram.
 */
public final class LoadGenerator {
    /** Issues one asynchronous request on {@code client} and calls {@code done} with its result code when it completes. */
    @FunctionalInterface
    public interface ClientOperation<C> {
        void issue(C client, Done done);
    }

    /** An operation of the stock ZooKeeper client, which drives every server comparison. */
    @FunctionalInterface
    public interface Operation extends ClientOperation<ZooKeeper> {
    }

    /** The completion of one request: 0 (OK) or a KeeperException code. */
    @FunctionalInterface
    public interface Done {
        void done(int rc);
    }

    /**
     * @param ops requests answered OK within the measuring window
     * @param errors requests answered with an error within the measuring window
     * @param seconds the length of the measuring window
     * @param latency latencies (ns) of the OK requests of the measuring window
     * @param totalOps every request answered OK, warm-up and drain included (what the server holds afterwards)
     * @param totalErrors every request answered with an error
     */
    public record Result(long ops, long errors, double seconds, Histogram latency, long totalOps, long totalErrors) {
        public double opsPerSecond() {
            return seconds > 0 ? ops / seconds : 0;
        }
    }

    private LoadGenerator() {
    }

    public static Result run(List<ZooKeeper> sessions, int inflight, Duration warmup, Duration measure,
            Operation op, Progress progress, String label) throws InterruptedException {
        return runWith(sessions, inflight, warmup, measure, op, progress, label);
    }

    /** As {@link #run}, with any client: the client comparison drives the Arbor client the same way. */
    public static <C> Result runWith(List<C> sessions, int inflight, Duration warmup, Duration measure,
            ClientOperation<C> op, Progress progress, String label) throws InterruptedException {
        Recorder recorder = new Recorder(Latency.HIGHEST_NANOS, Latency.SIGNIFICANT_DIGITS);
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(sessions.size() * inflight);
        try (Progress.Tracker tracker = progress.track(label, () -> ok.sum() + errors.sum())) {
            tracker.phase("warm-up");
            for (C client : sessions) {
                for (int i = 0; i < inflight; i++) {
                    new Chain<>(client, op, recorder, ok, errors, stopping, stopped).next();
                }
            }
            return measure(warmup, measure, recorder, ok, errors, stopping, stopped, tracker);
        }
    }

    private static Result measure(Duration warmup, Duration measure, Recorder recorder, LongAdder ok,
            LongAdder errors, AtomicBoolean stopping, CountDownLatch stopped, Progress.Tracker tracker)
            throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        recorder.getIntervalHistogram(); // the warm-up's latencies are dropped
        long errorsBefore = errors.sum();
        long start = System.nanoTime();
        tracker.phase("measuring");
        Thread.sleep(measure.toMillis());
        Histogram measured = recorder.getIntervalHistogram();
        long end = System.nanoTime();
        long measuredErrors = errors.sum() - errorsBefore;
        stopping.set(true);
        tracker.phase("draining");
        if (!stopped.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(stopped.getCount() + " request windows still outstanding 60 s after the"
                    + " measuring window ended");
        }
        return new Result(measured.getTotalCount(), measuredErrors, (end - start) / 1e9, measured, ok.sum(),
                errors.sum());
    }

    /** One slot of a session's window: a request, then on its completion the next, until stopped. */
    private static final class Chain<C> {
        private final C zk;
        private final ClientOperation<C> op;
        private final Recorder recorder;
        private final LongAdder ok;
        private final LongAdder errors;
        private final AtomicBoolean stopping;
        private final CountDownLatch stopped;

        Chain(C zk, ClientOperation<C> op, Recorder recorder, LongAdder ok, LongAdder errors, AtomicBoolean stopping,
                CountDownLatch stopped) {
            this.zk = zk;
            this.op = op;
            this.recorder = recorder;
            this.ok = ok;
            this.errors = errors;
            this.stopping = stopping;
            this.stopped = stopped;
        }

        void next() {
            if (stopping.get()) {
                stopped.countDown();
                return;
            }
            long sent = System.nanoTime();
            try {
                op.issue(zk, rc -> completed(rc, sent));
            } catch (RuntimeException e) {
                errors.increment();
                stopped.countDown();
            }
        }

        private void completed(int rc, long sent) {
            long elapsed = System.nanoTime() - sent;
            if (rc == KeeperException.Code.OK.intValue()) {
                recorder.recordValue(Latency.clamp(elapsed));
                ok.increment();
            } else {
                errors.increment();
                if (sessionLost(rc)) {
                    stopped.countDown(); // a session that is gone would only spin on errors
                    return;
                }
            }
            next();
        }
    }

    static boolean sessionLost(int rc) {
        return rc == KeeperException.Code.CONNECTIONLOSS.intValue()
                || rc == KeeperException.Code.SESSIONEXPIRED.intValue()
                || rc == KeeperException.Code.SESSIONMOVED.intValue();
    }
}
