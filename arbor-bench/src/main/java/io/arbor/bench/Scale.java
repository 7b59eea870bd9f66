package io.arbor.bench;

import java.time.Duration;

/**
 * The sizes of the workloads that do not run for a time but to a count: a full run uses the counts the goals are
 * stated with, a quick run scales them down (and the report says so).
 *
 * @param znodes znodes created for the memory and restart workloads
 * @param parents how many parents those znodes are spread under
 * @param idleSessions sessions held open at once for the idle-sessions workload
 * @param watchers sessions watching the one znode of the fan-out workload
 * @param idleWindow how long the server's CPU is sampled while those sessions only heartbeat
 * @param sessionsPerHolder sessions per holder JVM (each stock client takes three file descriptors and two threads)
 */
public record Scale(int znodes, int parents, int idleSessions, int watchers, Duration idleWindow,
        int sessionsPerHolder) {
    public static final Scale FULL = new Scale(1_000_000, 1_000, 10_000, 100, Duration.ofSeconds(10), 2_500);
    public static final Scale QUICK = new Scale(100_000, 1_000, 2_000, 100, Duration.ofSeconds(3), 2_500);
}
