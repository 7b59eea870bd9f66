package io.arbor.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints one line a second to stderr while something runs: what (workload, server, round, phase), ops so far and
 * the ops/s of the last second. Nothing is printed when no task is being tracked.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private volatile Tracker current;

    public Progress(PrintStream out) {
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** A Progress that prints nothing (tests). */
    public static Progress silent() {
        return new Progress(null);
    }

    /** Starts reporting {@code ops} under {@code label}; closing the tracker stops it. */
    public Tracker track(String label, LongSupplier ops) {
        Tracker t = new Tracker(label, ops);
        current = t;
        return t;
    }

    private void tick() {
        Tracker t = current;
        if (t == null || out == null) {
            return;
        }
        long now = System.nanoTime();
        long ops = t.ops.getAsLong();
        double rate = (ops - t.lastOps) / ((now - t.lastNanos) / 1e9);
        t.lastOps = ops;
        t.lastNanos = now;
        out.println(String.format(Locale.ROOT, "[%s | %s] %,d ops so far, %,.0f ops/s", t.label, t.phase, ops, rate));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One task being reported; its phase (warm-up, measuring, ...) can change while it runs. */
    public final class Tracker implements AutoCloseable {
        private final String label;
        private final LongSupplier ops;
        private volatile String phase = "starting";
        private long lastOps;
        private long lastNanos = System.nanoTime();

        private Tracker(String label, LongSupplier ops) {
            this.label = label;
            this.ops = ops;
        }

        public void phase(String phase) {
            this.phase = phase;
        }

        @Override
        public void close() {
            if (current == this) {
                current = null;
            }
        }
    }
}
