package io.arbor.bench;

/**
 * One run of one workload on one server in one round: its result, or why it has none.
 *
 * @param server the server's label, e.g. "ZooKeeper 3.9.5"
 * @param error null, or what went wrong (the run then has no result)
 */
public record RunResult(String workload, String server, int round, WorkloadResult result, String error) {
    public static RunResult ok(String workload, String server, int round, WorkloadResult result) {
        return new RunResult(workload, server, round, result, null);
    }

    public static RunResult failed(String workload, String server, int round, String error) {
        return new RunResult(workload, server, round, null, error);
    }

    /** A run that was not attempted, on purpose (e.g. restart against a --target). */
    public static RunResult skipped(String workload, String server, int round, String why) {
        return new RunResult(workload, server, round, null, SKIPPED + why);
    }

    public boolean skipped() {
        return error != null && error.startsWith(SKIPPED);
    }

    private static final String SKIPPED = "skipped: ";
}
