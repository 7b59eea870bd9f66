package io.arbor.bench.workload;

import io.arbor.bench.Fixtures;
import io.arbor.bench.LoadGenerator;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.apache.zookeeper.ZooKeeper;

/** 90% getData, 10% setData, on the same 1,000 znodes; each request picks its kind and znode at random. */
public final class MixedWorkload extends ThroughputWorkload {
    private static final int WRITE_PERCENT = 10;
    private final LongAdder writes = new LongAdder();
    private final LongAdder reads = new LongAdder();

    @Override
    public String name() {
        return "mix";
    }

    @Override
    public String title() {
        return "90% getData / 10% setData on 1,000 100-byte znodes";
    }

    @Override
    protected LoadGenerator.Operation prepare(WorkloadContext ctx, List<ZooKeeper> sessions, String root)
            throws InterruptedException {
        writes.reset();
        reads.reset();
        List<String> paths = Fixtures.childPaths(root, SetDataWorkload.ZNODES);
        Fixtures.createAll(sessions, ctx.settings().inflight(), paths, ctx.payload(), ctx.progress(),
                ctx.label(name()) + " | preparing");
        byte[] data = ctx.payload();
        return (zk, done) -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String path = paths.get(random.nextInt(paths.size()));
            if (random.nextInt(100) < WRITE_PERCENT) {
                zk.setData(path, data, -1, (rc, p, c, stat) -> {
                    if (rc == 0) {
                        writes.increment();
                    }
                    done.done(rc);
                }, null);
            } else {
                zk.getData(path, false, (rc, p, c, d, stat) -> {
                    if (rc == 0) {
                        reads.increment();
                    }
                    done.done(rc);
                }, null);
            }
        };
    }

    @Override
    protected void count(WorkloadContext ctx, List<ZooKeeper> sessions, String root, LoadGenerator.Result run,
            WorkloadResult.Builder result) throws Exception {
        result.counter("writes", writes.sum())
                .counter("reads", reads.sum())
                .counter("versions", SetDataWorkload.sumOfVersions(sessions.get(0), root));
    }
}
