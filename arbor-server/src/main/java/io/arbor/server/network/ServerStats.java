package io.arbor.server.network;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters for srvr, stat and mntr: packets, and request latency in ms. */
public final class ServerStats {
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder slowFsyncs = new LongAdder();
    private final LongAdder latencyTotal = new LongAdder();
    private final LongAdder latencyCount = new LongAdder();
    private final AtomicLong latencyMin = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong latencyMax = new AtomicLong();
    private final long startMillis = System.currentTimeMillis();
    private volatile LatencyListener latencyListener = (write, nanos) -> { };

    /** Hears every answered request's latency (the metrics' read and update latency summaries). */
    @FunctionalInterface
    public interface LatencyListener {
        void answered(boolean write, long nanos);
    }

    public void onLatency(LatencyListener listener) {
        this.latencyListener = listener;
    }

    public void received() {
        packetsReceived.increment();
    }

    public void sent(int n) {
        packetsSent.add(n);
    }

    public void authFailed() {
        authFailures.increment();
    }

    /** A txn log fsync took longer than fsync.warningthresholdms. */
    public void slowFsync() {
        slowFsyncs.increment();
    }

    public long slowFsyncs() {
        return slowFsyncs.sum();
    }

    /** Failed auth packets since start (not reset by srst, as in ZooKeeper). */
    public long authFailures() {
        return authFailures.sum();
    }

    /** A request was answered {@code nanos} after it was read; {@code write} if it went through the pipeline. */
    public void answered(boolean write, long nanos) {
        latency(nanos / 1_000_000);
        latencyListener.answered(write, nanos);
    }

    public void latency(long millis) {
        latencyTotal.add(millis);
        latencyCount.increment();
        long min;
        while (millis < (min = latencyMin.get()) && !latencyMin.compareAndSet(min, millis)) {
            Thread.onSpinWait();
        }
        long max;
        while (millis > (max = latencyMax.get()) && !latencyMax.compareAndSet(max, millis)) {
            Thread.onSpinWait();
        }
    }

    public long packetsReceived() {
        return packetsReceived.sum();
    }

    public long packetsSent() {
        return packetsSent.sum();
    }

    public long minLatency() {
        long min = latencyMin.get();
        return min == Long.MAX_VALUE ? 0 : min;
    }

    public long maxLatency() {
        return latencyMax.get();
    }

    public double avgLatency() {
        long n = latencyCount.sum();
        return n == 0 ? 0 : (double) latencyTotal.sum() / n;
    }

    public long uptimeMillis() {
        return System.currentTimeMillis() - startMillis;
    }

    public void reset() {
        packetsReceived.reset();
        packetsSent.reset();
        latencyTotal.reset();
        latencyCount.reset();
        latencyMin.set(Long.MAX_VALUE);
        latencyMax.set(0);
    }
}
