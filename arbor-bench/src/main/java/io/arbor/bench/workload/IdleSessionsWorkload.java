package io.arbor.bench.workload;

import io.arbor.bench.Measurement;
import io.arbor.bench.ProcessProbe;
import io.arbor.bench.Progress;
import io.arbor.bench.SessionHolders;
import io.arbor.bench.Workload;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Many sessions open at once, idle but heartbeating: the server's memory for them (RSS, and heap after a full GC,
 * against the same server before they connected) and its CPU while they only send pings.
 */
public final class IdleSessionsWorkload implements Workload {
    /**
     * The stock client pings after a third of the session timeout without other traffic: every 3 s here, so every
     * session pings at least once in a CPU window of 3 s or more.
     */
    static final int SESSION_TIMEOUT_MS = 9_000;
    private static final long SETTLE_MS = 500;

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public boolean runsOnEnsemble() {
        return false; // one server's process
    }

    @Override
    public String title() {
        return "10,000 sessions open at once: server memory, and server CPU while they idle-heartbeat";
    }

    @Override
    public List<String> chartMetrics() {
        return List.of("heap bytes/session", "idle CPU %");
    }

    @Override
    public WorkloadResult run(WorkloadContext ctx) throws Exception {
        int n = ctx.scale().idleSessions();
        OptionalLong pid = ctx.server().pid();
        ProcessProbe.Memory before = pid.isPresent() ? ProcessProbe.Memory.of(pid.getAsLong()) : null;
        WorkloadResult.Builder result = WorkloadResult.builder();
        try (SessionHolders holders = SessionHolders.start(ctx.connectString(), n, ctx.scale().sessionsPerHolder(),
                SESSION_TIMEOUT_MS);
                Progress.Tracker tracker = ctx.progress().track(ctx.label(name()), holders::connectedSoFar)) {
            tracker.phase("connecting " + String.format(Locale.ROOT, "%,d", n) + " sessions");
            List<SessionHolders.Ready> ready = holders.awaitReady(300);
            // The holders connect at the same time, each timing its own sessions (not its JVM's start).
            double openSeconds = ready.stream().mapToLong(SessionHolders.Ready::millis).max().orElse(0) / 1e3;
            int connected = ready.stream().mapToInt(SessionHolders.Ready::connected).sum();
            int failed = ready.stream().mapToInt(SessionHolders.Ready::failed).sum();
            result.add(Measurement.fact("sessions open", connected))
                    .add(Measurement.higher("sessions opened/s", connected / Math.max(openSeconds, 1e-3)))
                    .add(Measurement.lower("sessions failed", failed));
            if (pid.isPresent()) {
                tracker.phase("idle");
                Thread.sleep(SETTLE_MS);
                long p = pid.getAsLong();
                long ticks0 = ProcessProbe.cpuTicks(p);
                long t0 = System.nanoTime();
                Thread.sleep(ctx.scale().idleWindow().toMillis());
                long ticks1 = ProcessProbe.cpuTicks(p);
                double window = (System.nanoTime() - t0) / 1e9;
                double cpuPercent = 100.0 * (ticks1 - ticks0) / ProcessProbe.ticksPerSecond() / window;
                tracker.phase("measuring memory");
                ProcessProbe.Memory after = ProcessProbe.Memory.of(p);
                result.add(Measurement.lower("idle CPU %", cpuPercent))
                        .add(Measurement.lower("heap bytes/session",
                                (after.heapBytes() - before.heapBytes()) / (double) Math.max(1, connected)))
                        .add(Measurement.lower("RSS bytes/session",
                                (after.rssBytes() - before.rssBytes()) / (double) Math.max(1, connected)))
                        .add(Measurement.lower("heap after GC MB", after.heapBytes() / 1e6))
                        .add(Measurement.lower("RSS MB", after.rssBytes() / 1e6))
                        .note(String.format(Locale.ROOT, "idle CPU: the server's user+system time over %.0f s while"
                                + " the sessions only heartbeat (session timeout %d s), as %% of one core; bytes per"
                                + " session: heap after a full GC and RSS, against the same server before they"
                                + " connected", window, SESSION_TIMEOUT_MS / 1000));
            } else {
                result.note("memory and CPU not measured: the bench did not start this server");
            }
            result.counter("sessions", connected).counter("failed", failed);
        }
        if (n != 10_000) {
            result.note(String.format(Locale.ROOT, "%,d sessions (a full run opens 10,000)", n));
        }
        return result.build();
    }
}
