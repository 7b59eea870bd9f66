package io.arbor.bench.workload;

import io.arbor.bench.LoadGenerator;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** Writes that grow the tree: 100-byte PERSISTENT_SEQUENTIAL znodes, all under one parent. */
public final class CreateWorkload extends ThroughputWorkload {
    @Override
    public String name() {
        return "create";
    }

    @Override
    public String title() {
        return "create 100-byte PERSISTENT_SEQUENTIAL znodes under one parent";
    }

    @Override
    protected LoadGenerator.Operation prepare(WorkloadContext ctx, List<ZooKeeper> sessions, String root) {
        String prefix = root + "/n-";
        byte[] data = ctx.payload();
        return (zk, done) -> zk.create(prefix, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                (rc, path, c, name) -> done.done(rc), null);
    }

    @Override
    protected void count(WorkloadContext ctx, List<ZooKeeper> sessions, String root, LoadGenerator.Result run,
            WorkloadResult.Builder result) throws Exception {
        result.counter("children", sessions.get(0).getAllChildrenNumber(root));
    }
}
