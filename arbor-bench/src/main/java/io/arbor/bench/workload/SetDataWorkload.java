package io.arbor.bench.workload;

import io.arbor.bench.Fixtures;
import io.arbor.bench.LoadGenerator;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.zookeeper.ZooKeeper;

/** Writes that change data: setData of 100 bytes on one of 1,000 znodes picked at random. */
public final class SetDataWorkload extends ThroughputWorkload {
    static final int ZNODES = 1_000;

    @Override
    public String name() {
        return "set";
    }

    @Override
    public String title() {
        return "setData of 100 bytes on 1,000 pre-created znodes (random pick)";
    }

    @Override
    protected LoadGenerator.Operation prepare(WorkloadContext ctx, List<ZooKeeper> sessions, String root)
            throws InterruptedException {
        List<String> paths = Fixtures.childPaths(root, ZNODES);
        Fixtures.createAll(sessions, ctx.settings().inflight(), paths, ctx.payload(), ctx.progress(),
                ctx.label(name()) + " | preparing");
        byte[] data = ctx.payload();
        return (zk, done) -> zk.setData(paths.get(ThreadLocalRandom.current().nextInt(ZNODES)), data, -1,
                (rc, path, c, stat) -> done.done(rc), null);
    }

    @Override
    protected void count(WorkloadContext ctx, List<ZooKeeper> sessions, String root, LoadGenerator.Result run,
            WorkloadResult.Builder result) throws Exception {
        result.counter("versions", sumOfVersions(sessions.get(0), root));
    }

    /** The sum of the data versions of root's children: one per setData the server applied. */
    static long sumOfVersions(ZooKeeper zk, String root) throws Exception {
        List<String> paths = Fixtures.childPaths(root, ZNODES);
        java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(paths.size());
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        for (String path : paths) {
            zk.exists(path, false, (rc, p, c, stat) -> {
                if (rc == 0 && stat != null) {
                    sum.addAndGet(stat.getVersion());
                } else {
                    failed.incrementAndGet();
                }
                answered.countDown();
            }, null);
        }
        if (!answered.await(60, java.util.concurrent.TimeUnit.SECONDS) || failed.get() > 0) {
            throw new IllegalStateException("could not read the versions of " + paths.size() + " znodes");
        }
        return sum.get();
    }
}
