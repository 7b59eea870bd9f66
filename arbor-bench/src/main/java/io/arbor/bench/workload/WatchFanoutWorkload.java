package io.arbor.bench.workload;

import io.arbor.bench.Clients;
import io.arbor.bench.Fixtures;
import io.arbor.bench.Latency;
import io.arbor.bench.Measurement;
import io.arbor.bench.Progress;
import io.arbor.bench.Workload;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Watch fan-out: N sessions each watch the same znode with a one-shot data watch and re-arm it (getData with a watch)
 * on every event; one writer does setData on it, and the next setData only once every watcher has re-armed, so every
 * write is seen by every watcher. Measures events delivered per second and the latency from the setData being sent
 * to each event being received.
 */
public final class WatchFanoutWorkload implements Workload {
    /** How long a write may wait for all its events before the run is cut short. */
    private static final long ROUND_TIMEOUT_SECONDS = 30;

    @Override
    public String name() {
        return "watch";
    }

    @Override
    public String title() {
        return "watch fan-out: 100 sessions watch one znode (re-arming on each event), a writer does setData;"
                + " latency from setData sent to event received";
    }

    @Override
    public List<String> chartMetrics() {
        return List.of("events/s", "p99 ms");
    }

    @Override
    public WorkloadResult run(WorkloadContext ctx) throws Exception {
        int n = ctx.scale().watchers();
        String root = ctx.root(name());
        String target = root + "/watched";
        ZooKeeper writer = Clients.connect(ctx.connectString(0));
        List<ZooKeeper> sessions = new ArrayList<>();
        try {
            Fixtures.createEmpty(writer, root);
            writer.create(target, ctx.payload(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            sessions.addAll(ctx.openSessions(n));
            Fixtures.syncAll(sessions, target); // the writer's member may be another than a watcher's
            FanOut fanOut = new FanOut(target, sessions);
            fanOut.armAll();
            Run run;
            try (Progress.Tracker tracker = ctx.progress().track(ctx.label(name()), fanOut.events::sum)) {
                run = fanOut.drive(writer, ctx, tracker);
            }
            WorkloadResult.Builder result = WorkloadResult.builder()
                    .add(Measurement.higher("events/s", run.latency.getTotalCount() / run.seconds))
                    .addAll(Latency.percentiles(run.latency))
                    .add(Measurement.higher("writes/s", run.measuredWrites / run.seconds))
                    .add(Measurement.lower("errors", fanOut.errors.sum() + run.missedEvents))
                    .counter("watchers", n)
                    .counter("writes", run.writes)
                    .counter("events", fanOut.events.sum())
                    .counter("missed events", run.missedEvents)
                    .counter("errors", fanOut.errors.sum());
            if (run.missedEvents > 0) {
                result.note(run.missedEvents + " events did not arrive within " + ROUND_TIMEOUT_SECONDS
                        + " s of their write; the run was cut short");
            }
            if (n != 100) {
                result.note(n + " watching sessions");
            }
            Clients.closeAll(sessions);
            sessions.clear();
            if (ctx.cleanUp()) {
                writer.delete(target, -1);
                writer.delete(root, -1);
            }
            return result.build();
        } finally {
            Clients.closeAll(sessions);
            Clients.close(writer);
        }
    }

    /** What the writer's loop measured. */
    private record Run(Histogram latency, double seconds, long writes, long measuredWrites, long missedEvents) {
    }

    /** The watchers of one run and what they have seen. */
    private static final class FanOut {
        private final String target;
        private final List<ZooKeeper> sessions;
        private final Recorder recorder = new Recorder(Latency.HIGHEST_NANOS, Latency.SIGNIFICANT_DIGITS);
        final LongAdder events = new LongAdder();
        final LongAdder errors = new LongAdder();
        /** When the current write was sent. */
        private volatile long sentNanos;
        /** Counted down by each watcher once it has re-armed after the current write (or armed at the start). */
        private volatile CountDownLatch armed;

        FanOut(String target, List<ZooKeeper> sessions) {
            this.target = target;
            this.sessions = sessions;
        }

        void armAll() throws InterruptedException {
            CountDownLatch first = new CountDownLatch(sessions.size());
            armed = first;
            for (ZooKeeper zk : sessions) {
                new Watch(zk).arm();
            }
            if (!first.await(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(first.getCount() + " watchers could not set their watch");
            }
        }

        Run drive(ZooKeeper writer, WorkloadContext ctx, Progress.Tracker tracker) throws InterruptedException {
            tracker.phase("warm-up");
            long[] writes = new long[1];
            long missed = loop(writer, ctx.payload(), System.nanoTime() + ctx.settings().warmup().toNanos(), writes);
            recorder.getIntervalHistogram(); // the warm-up's events are dropped
            long writesBefore = writes[0];
            long start = System.nanoTime();
            tracker.phase("measuring");
            if (missed == 0) {
                missed = loop(writer, ctx.payload(), start + ctx.settings().measure().toNanos(), writes);
            }
            Histogram latency = recorder.getIntervalHistogram();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Run(latency, seconds, writes[0], writes[0] - writesBefore, missed);
        }

        /** Writes until the deadline, each write once every watcher has re-armed; the events that went missing. */
        private long loop(ZooKeeper writer, byte[] data, long deadline, long[] writes) throws InterruptedException {
            while (System.nanoTime() < deadline) {
                CountDownLatch next = new CountDownLatch(sessions.size());
                armed = next;
                sentNanos = System.nanoTime();
                writer.setData(target, data, -1, (rc, path, c, stat) -> {
                    if (rc != 0) {
                        errors.increment();
                    }
                }, null);
                if (!next.await(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    return next.getCount();
                }
                writes[0]++;
            }
            return 0;
        }

        /** One session's watch on the target: records each change and sets the watch again. */
        private final class Watch implements Watcher, AsyncCallback.DataCallback {
            private final ZooKeeper zk;

            Watch(ZooKeeper zk) {
                this.zk = zk;
            }

            void arm() {
                zk.getData(target, this, this, null);
            }

            @Override
            public void process(WatchedEvent event) {
                if (event.getType() == Event.EventType.NodeDataChanged) {
                    recorder.recordValue(Latency.clamp(System.nanoTime() - sentNanos));
                    events.increment();
                    arm();
                } else if (event.getType() != Event.EventType.None) {
                    errors.increment(); // nothing else happens to the target
                }
            }

            @Override
            public void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
                if (rc == 0) {
                    armed.countDown();
                } else {
                    errors.increment();
                }
            }
        }
    }
}
