package io.arbor.bench.workload;

import io.arbor.bench.BulkLoad;
import io.arbor.bench.Clients;
import io.arbor.bench.Fixtures;
import io.arbor.bench.Measurement;
import io.arbor.bench.ProcessProbe;
import io.arbor.bench.Workload;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Memory for many znodes: 1,000,000 100-byte znodes under 1,000 parents, created with the bench's sessions and
 * window; the server's heap after a full GC and RSS, against the same server before, per znode.
 */
public final class ZnodeMemoryWorkload implements Workload {
    /** What it leaves in {@link WorkloadContext#shared()} for the restart workload. */
    static final String POPULATED = "znodes.populated";

    /** The znodes a run created: where, how many, and one that must be there after a restart. */
    record Populated(String root, int parents, long znodes, String lastPath) {
    }

    @Override
    public String name() {
        return "znodes";
    }

    @Override
    public boolean runsOnEnsemble() {
        return false; // one server's process
    }

    @Override
    public String title() {
        return "memory for 1,000,000 100-byte znodes under 1,000 parents (heap after full GC and RSS, per znode)";
    }

    @Override
    public List<String> chartMetrics() {
        return List.of("heap bytes/znode", "RSS bytes/znode");
    }

    @Override
    public WorkloadResult run(WorkloadContext ctx) throws Exception {
        OptionalLong pid = ctx.server().pid();
        ProcessProbe.Memory before = pid.isPresent() ? ProcessProbe.Memory.of(pid.getAsLong()) : null;
        List<ZooKeeper> sessions = ctx.openSessions();
        WorkloadResult.Builder result = WorkloadResult.builder();
        try {
            Created created = populate(ctx, sessions, name());
            result.add(Measurement.fact("znodes", created.populated.znodes()))
                    .add(Measurement.higher("create ops/s", created.load.opsPerSecond()))
                    .add(Measurement.lower("errors", created.load.errors()));
            if (pid.isPresent()) {
                ProcessProbe.Memory after = ProcessProbe.Memory.of(pid.getAsLong());
                double n = Math.max(1, created.populated.znodes());
                result.add(Measurement.lower("heap bytes/znode", (after.heapBytes() - before.heapBytes()) / n))
                        .add(Measurement.lower("RSS bytes/znode", (after.rssBytes() - before.rssBytes()) / n))
                        .add(Measurement.lower("heap after GC MB", after.heapBytes() / 1e6))
                        .add(Measurement.lower("RSS MB", after.rssBytes() / 1e6))
                        .note("bytes per znode: heap after a full GC (jcmd GC.run, GC.heap_info) and RSS (VmRSS),"
                                + " against the same server before the znodes were created");
            } else {
                result.note("memory not measured: the bench did not start this server");
            }
            result.counter("znodes", created.populated.znodes()).counter("errors", created.load.errors());
            if (ctx.cleanUp()) {
                Fixtures.deleteTree(sessions, ctx.settings().inflight(), created.populated.root(), ctx.progress(),
                        ctx.label(name()));
            } else {
                ctx.shared().put(POPULATED, created.populated);
            }
        } finally {
            Clients.closeAll(sessions);
        }
        if (ctx.scale().znodes() != 1_000_000) {
            result.note(String.format(Locale.ROOT, "%,d znodes (a full run creates 1,000,000)", ctx.scale().znodes()));
        }
        return result.build();
    }

    /** What {@link #populate} made, and how fast. */
    record Created(Populated populated, BulkLoad.Result load) {
    }

    /** Creates the scale's znodes (100 bytes each) under its parents below root(workload). */
    static Created populate(WorkloadContext ctx, List<ZooKeeper> sessions, String workload) throws Exception {
        String root = ctx.root(workload);
        int parents = ctx.scale().parents();
        int count = ctx.scale().znodes();
        Fixtures.createEmpty(sessions.get(0), root);
        String label = ctx.label(workload);
        List<String> parentPaths = Fixtures.childPaths(root, parents).stream()
                .map(p -> p.replace(root + "/n", root + "/p")).toList();
        Fixtures.createAll(sessions, ctx.settings().inflight(), parentPaths, new byte[0], ctx.progress(),
                label + " | parents");
        int digits = Math.max(7, Integer.toString(count - 1).length());
        String format = "%s/n%0" + digits + "d";
        byte[] data = ctx.payload();
        BulkLoad.Result load = BulkLoad.run(sessions, ctx.settings().inflight(), count,
                (zk, i, done) -> zk.create(String.format(Locale.ROOT, format, parentPaths.get((int) (i % parents)), i),
                        data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                        (rc, p, c, name) -> done.done(rc), null),
                ctx.progress(), label + " | creating");
        String last = String.format(Locale.ROOT, format, parentPaths.get((count - 1) % parents), count - 1);
        return new Created(new Populated(root, parents, load.ok(), last), load);
    }
}
