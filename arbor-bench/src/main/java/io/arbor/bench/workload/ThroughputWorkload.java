package io.arbor.bench.workload;

import io.arbor.bench.Clients;
import io.arbor.bench.Fixtures;
import io.arbor.bench.Latency;
import io.arbor.bench.LoadGenerator;
import io.arbor.bench.Measurement;
import io.arbor.bench.Workload;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;

/**
 * A workload of one request type (or a mix) run by the load generator: S sessions, W requests in flight each, a
 * warm-up, then the measuring window. Subclasses prepare the data and say what one request is.
 */
abstract class ThroughputWorkload implements Workload {
    /** Prepares the server (under {@code root}) and returns the request the load generator repeats. */
    protected abstract LoadGenerator.Operation prepare(WorkloadContext ctx, List<ZooKeeper> sessions, String root)
            throws Exception;

    /** Counters to add to the result once the run is over, e.g. what the server should now hold. */
    protected void count(WorkloadContext ctx, List<ZooKeeper> sessions, String root, LoadGenerator.Result run,
            WorkloadResult.Builder result) throws Exception {
    }

    @Override
    public WorkloadResult run(WorkloadContext ctx) throws Exception {
        List<ZooKeeper> sessions = ctx.openSessions();
        try {
            String root = ctx.root(name());
            Fixtures.createEmpty(sessions.get(0), root);
            LoadGenerator.Operation op = prepare(ctx, sessions, root);
            // what prepare() wrote through one session must be there for the reads of all (an ensemble's members)
            Fixtures.syncAll(sessions, root);
            LoadGenerator.Result run = LoadGenerator.run(sessions, ctx.settings().inflight(),
                    ctx.settings().warmup(), ctx.settings().measure(), op, ctx.progress(), ctx.label(name()));
            WorkloadResult.Builder result = WorkloadResult.builder()
                    .add(Measurement.higher("ops/s", run.opsPerSecond()))
                    .addAll(Latency.percentiles(run.latency()))
                    .add(Measurement.lower("errors", run.errors()))
                    .counter("measured ops", run.ops())
                    .counter("total ops", run.totalOps())
                    .counter("total errors", run.totalErrors());
            Fixtures.syncAll(sessions, root); // count() reads what every session wrote
            count(ctx, sessions, root, run, result);
            if (ctx.cleanUp()) {
                Fixtures.deleteTree(sessions, ctx.settings().inflight(), root, ctx.progress(), ctx.label(name()));
            }
            return result.build();
        } finally {
            Clients.closeAll(sessions);
        }
    }
}
