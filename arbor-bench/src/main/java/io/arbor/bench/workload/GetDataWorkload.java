package io.arbor.bench.workload;

import io.arbor.bench.Fixtures;
import io.arbor.bench.LoadGenerator;
import io.arbor.bench.WorkloadContext;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/** Reads: getData of one of 1,000 100-byte znodes picked at random (no watch). */
public final class GetDataWorkload extends ThroughputWorkload {
    @Override
    public String name() {
        return "get";
    }

    @Override
    public String title() {
        return "getData of 1,000 pre-created 100-byte znodes (random pick)";
    }

    @Override
    protected LoadGenerator.Operation prepare(WorkloadContext ctx, List<ZooKeeper> sessions, String root)
            throws InterruptedException {
        List<String> paths = Fixtures.childPaths(root, SetDataWorkload.ZNODES);
        Fixtures.createAll(sessions, ctx.settings().inflight(), paths, ctx.payload(), ctx.progress(),
                ctx.label(name()) + " | preparing");
        int size = ctx.payload().length;
        return (zk, done) -> zk.getData(paths.get(ThreadLocalRandom.current().nextInt(paths.size())), false,
                (rc, path, c, data, stat) -> done.done(rc == 0 && data.length != size
                        ? KeeperException.Code.RUNTIMEINCONSISTENCY.intValue() : rc), null);
    }
}
