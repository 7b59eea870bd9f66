package io.arbor.bench.workload;

import io.arbor.bench.Clients;
import io.arbor.bench.Latency;
import io.arbor.bench.Measurement;
import io.arbor.bench.Progress;
import io.arbor.bench.Workload;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.zookeeper.ZooKeeper;

/**
 * Session churn: S threads each open a session with the stock client (until SyncConnected), hand it over to be closed
 * (closeSession answered) and open the next. Measures sessions opened and closed per second, and the latency of
 * opening one. Closing happens in the background because the stock client sleeps 100 ms in every close after the
 * socket is shut, which would otherwise hide the server behind a constant.
 */
public final class SessionChurnWorkload implements Workload {
    private static final long CONNECT_TIMEOUT_MS = 10_000;
    /** Sessions opened but not yet closed, at most: the open threads wait for closes beyond that. */
    private static final int MAX_CLOSING = 512;

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String title() {
        return "session churn: S threads open sessions (until SyncConnected) and close them, one after another";
    }

    @Override
    public WorkloadResult run(WorkloadContext ctx) throws Exception {
        Churn churn = new Churn();
        List<Thread> threads = new ArrayList<>();
        Histogram measured;
        double seconds;
        long cyclesMeasured;
        long errorsMeasured;
        try (Progress.Tracker tracker = ctx.progress().track(ctx.label(name()), churn.closed::sum)) {
            tracker.phase("warm-up");
            for (int i = 0; i < ctx.settings().sessions(); i++) {
                String connectString = ctx.connectString(i); // each thread's sessions go to one member
                Thread t = new Thread(() -> churn.openLoop(connectString), "bench-churn-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            Thread.sleep(ctx.settings().warmup().toMillis());
            churn.connects.getIntervalHistogram();
            long errorsBefore = churn.errors.sum();
            long closedBefore = churn.closed.sum();
            long start = System.nanoTime();
            tracker.phase("measuring");
            Thread.sleep(ctx.settings().measure().toMillis());
            measured = churn.connects.getIntervalHistogram();
            cyclesMeasured = churn.closed.sum() - closedBefore;
            seconds = (System.nanoTime() - start) / 1e9;
            errorsMeasured = churn.errors.sum() - errorsBefore;
            tracker.phase("draining");
            churn.stop.set(true);
            for (Thread t : threads) {
                t.join(2 * CONNECT_TIMEOUT_MS);
            }
            churn.awaitClosed();
        }
        return WorkloadResult.builder()
                .add(Measurement.higher("ops/s", cyclesMeasured / seconds))
                .addAll(Latency.percentiles(measured))
                .add(Measurement.lower("errors", errorsMeasured))
                .counter("sessions opened", churn.opened.sum())
                .counter("sessions closed", churn.closed.sum())
                .counter("total errors", churn.errors.sum())
                .note("one op = a session opened (SyncConnected) and closed (closeSession answered), "
                        + ctx.settings().sessions() + " threads opening; latency: of the open")
                .build();
    }

    /** The open threads' shared state and the background closes. */
    private static final class Churn {
        final Recorder connects = new Recorder(Latency.HIGHEST_NANOS, Latency.SIGNIFICANT_DIGITS);
        final LongAdder opened = new LongAdder();
        final LongAdder closed = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicBoolean stop = new AtomicBoolean();
        private final Semaphore closing = new Semaphore(MAX_CLOSING);
        private final ExecutorService closers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-churn-close");
            t.setDaemon(true);
            return t;
        });

        void openLoop(String connectString) {
            try {
                while (!stop.get()) {
                    closing.acquire();
                    ZooKeeper zk = open(connectString);
                    if (zk == null) {
                        closing.release();
                        continue;
                    }
                    closers.execute(() -> {
                        try {
                            zk.close();
                            closed.increment();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            closing.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** A new session, or null (counted as an error) if it was not established in time. */
        private ZooKeeper open(String connectString) throws InterruptedException {
            long start = System.nanoTime();
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper zk;
            try {
                zk = new ZooKeeper(connectString, Clients.SESSION_TIMEOUT_MS, Clients.onceConnected(connected));
            } catch (java.io.IOException e) {
                errors.increment();
                return null;
            }
            if (!connected.await(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                errors.increment();
                Clients.close(zk);
                return null;
            }
            connects.recordValue(Latency.clamp(System.nanoTime() - start));
            opened.increment();
            return zk;
        }

        void awaitClosed() throws InterruptedException {
            closing.tryAcquire(MAX_CLOSING, 60, TimeUnit.SECONDS);
            closers.shutdown();
        }
    }
}
