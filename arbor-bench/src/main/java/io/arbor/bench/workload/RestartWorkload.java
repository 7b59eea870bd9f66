package io.arbor.bench.workload;

import io.arbor.bench.Clients;
import io.arbor.bench.Measurement;
import io.arbor.bench.ServerHandle;
import io.arbor.bench.Workload;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.List;
import java.util.Locale;
import org.apache.zookeeper.ZooKeeper;

/**
 * Restart with many znodes: the server holding the memory workload's znodes (or as many created here) is stopped
 * cleanly and started again on the same data directory; measured from launching the new process until a new
 * session's request finds the last znode created.
 */
public final class RestartWorkload implements Workload {
    @Override
    public String name() {
        return "restart";
    }

    @Override
    public boolean runsOnEnsemble() {
        return false; // one server's process
    }

    @Override
    public String title() {
        return "restart with those 1,000,000 znodes: stop cleanly, start on the same directory, time until a"
                + " request is answered";
    }

    @Override
    public List<String> chartMetrics() {
        return List.of("restart s");
    }

    @Override
    public String continuesFrom() {
        return "znodes";
    }

    @Override
    public boolean needsOwnServer() {
        return true;
    }

    @Override
    public WorkloadResult run(WorkloadContext ctx) throws Exception {
        WorkloadResult.Builder result = WorkloadResult.builder();
        ZnodeMemoryWorkload.Populated populated =
                (ZnodeMemoryWorkload.Populated) ctx.shared().get(ZnodeMemoryWorkload.POPULATED);
        if (populated == null) {
            List<ZooKeeper> sessions = ctx.openSessions();
            try {
                populated = ZnodeMemoryWorkload.populate(ctx, sessions, name()).populated();
            } finally {
                Clients.closeAll(sessions);
            }
        }
        ServerHandle.RestartTiming timing = ctx.server().restart(populated.lastPath());
        long recovered;
        ZooKeeper zk = Clients.connect(ctx.connectString());
        try {
            recovered = zk.getAllChildrenNumber(populated.root());
        } finally {
            Clients.close(zk);
        }
        long expected = populated.parents() + populated.znodes();
        result.add(Measurement.lower("restart s", timing.startSeconds()))
                .add(Measurement.lower("stop s", timing.stopSeconds()))
                .add(Measurement.fact("znodes recovered", recovered))
                .counter("znodes recovered", recovered)
                .counter("znodes expected", expected)
                .note("restart: from launching the server's JVM on the same data directory until a new session's"
                        + " exists() finds the last znode created; stop: SIGTERM until the JVM has exited");
        if (recovered != expected) {
            result.note(String.format(Locale.ROOT, "after the restart %,d znodes were found under %s, %,d expected",
                    recovered, populated.root(), expected));
        }
        if (ctx.scale().znodes() != 1_000_000) {
            result.note(String.format(Locale.ROOT, "%,d znodes (a full run restarts with 1,000,000)",
                    populated.znodes()));
        }
        return result.build();
    }
}
