package io.arbor.bench;

import java.util.List;

/** One thing the bench measures; each run gets a fresh server (or the --target) through its context. */
public interface Workload {
    /** The short name --workloads takes, e.g. "create". */
    String name();

    /** One line for the report's heading, e.g. "create 100-byte PERSISTENT_SEQUENTIAL znodes under one parent". */
    String title();

    WorkloadResult run(WorkloadContext ctx) throws Exception;

    /** The two measurements the HTML report draws as bars side by side. */
    default List<String> chartMetrics() {
        return List.of("ops/s", "p99 ms");
    }

    /**
     * The name of a workload whose server (and what it left there) this one can go on with, when both are run:
     * restart goes on with the znodes the memory workload created instead of creating a million again.
     */
    default String continuesFrom() {
        return null;
    }

    /** Whether the workload needs a server the bench started itself (its process, or a restart). */
    default boolean needsOwnServer() {
        return false;
    }

    /**
     * Whether it measures something an ensemble has too: not what is one server's own (its process's heap, RSS and
     * CPU, or its restart).
     */
    default boolean runsOnEnsemble() {
        return true;
    }
}
