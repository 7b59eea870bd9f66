package io.arbor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a bench run was asked for, after defaults.
 *
 * @param target the --target address, or null for a comparison that starts both servers itself
 * @param sessions S: sessions the load generator drives
 * @param inflight W: requests each session keeps in flight
 * @param rounds how many times each server runs each workload (a comparison alternates ZooKeeper, Arbor, ...)
 * @param quick whether counts are scaled down to finish in about two minutes
 * @param workloads the workloads to run, in the order they run
 * @param outDir where the report files go
 * @param dataParent the directory under which every server's fresh data directory is made
 * @param serverJvmFlags the JVM flags both servers get
 * @param keepData whether data directories are kept after a run (they are deleted otherwise)
 * @param ensembleSize servers per side of a comparison: 1 for a single server each, N for two ensembles of N
 */
public record BenchSettings(String target, int sessions, int inflight, Duration warmup, Duration measure, int rounds,
        boolean quick, Scale scale, List<Workload> workloads, Path outDir, Path dataParent,
        List<String> serverJvmFlags, boolean keepData, int ensembleSize) {
    public BenchSettings {
        workloads = List.copyOf(workloads);
        serverJvmFlags = List.copyOf(serverJvmFlags);
    }

    public boolean compare() {
        return target == null;
    }

    /** Whether a comparison starts an ensemble of each server rather than one. */
    public boolean ensemble() {
        return ensembleSize > 1;
    }

    /**
     * Whether each side's server runs all workloads of a round, one after another, rather than one started fresh
     * per workload: a quick ensemble comparison, whose ensembles take longer to start (an election) than a quick
     * workload takes to run.
     */
    public boolean oneServerPerRound() {
        return ensemble() && quick();
    }

    /** How the report names a server of the comparison: "Arbor", or "Arbor (3 servers)" for an ensemble. */
    public String label(ServerKind kind) {
        return ensemble() ? Ensemble.label(kind, ensembleSize) : kind.label();
    }

    /** Settings for tests and embedding: a --target run of {@code workloads} with small windows. */
    public static BenchSettings forTarget(String target, int sessions, int inflight, Duration warmup,
            Duration measure, Scale scale, List<Workload> workloads, Path outDir) {
        return new BenchSettings(target, sessions, inflight, warmup, measure, 1, true, scale, workloads, outDir,
                outDir.resolve("data"), List.of(), false, 1);
    }
}
