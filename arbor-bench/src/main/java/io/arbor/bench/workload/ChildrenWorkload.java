package io.arbor.bench.workload;

import io.arbor.bench.Fixtures;
import io.arbor.bench.LoadGenerator;
import io.arbor.bench.WorkloadContext;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/** Reads of a listing: getChildren of one parent with 1,000 children (no watch). */
public final class ChildrenWorkload extends ThroughputWorkload {
    static final int CHILDREN = 1_000;

    @Override
    public String name() {
        return "children";
    }

    @Override
    public String title() {
        return "getChildren of a parent with 1,000 children";
    }

    @Override
    protected LoadGenerator.Operation prepare(WorkloadContext ctx, List<ZooKeeper> sessions, String root)
            throws InterruptedException, KeeperException {
        String parent = root + "/parent";
        Fixtures.createEmpty(sessions.get(0), parent);
        Fixtures.createAll(sessions, ctx.settings().inflight(), Fixtures.childPaths(parent, CHILDREN),
                ctx.payload(), ctx.progress(), ctx.label(name()) + " | preparing");
        // A listing of the wrong length is counted as an error, not as an answer.
        return (zk, done) -> zk.getChildren(parent, false, (rc, p, c, children) -> done.done(
                rc == 0 && children.size() != CHILDREN ? KeeperException.Code.RUNTIMEINCONSISTENCY.intValue() : rc),
                null);
    }
}
