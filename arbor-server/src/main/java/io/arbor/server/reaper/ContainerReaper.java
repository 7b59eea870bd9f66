package io.arbor.server.reaper;

import io.arbor.protocol.EphemeralOwner;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.request.PathRequest;
import io.arbor.server.pipeline.PrepareStage;
import io.arbor.server.pipeline.Request;
import io.arbor.server.tree.DataNode;
import io.arbor.server.tree.DataTree;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes empty containers that once had a child, and TTL nodes without children whose TTL has passed
 * since their last change, every check interval and at most maxPerMinute a minute. The deletes go through
 * the pipeline as deleteContainer requests, so PREPARE re-checks them against what is in flight.
 */
public final class ContainerReaper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerReaper.class);

    private final DataTree tree;
    private final PrepareStage prepare;
    private final long intervalMs;
    private final int maxPerMinute;
    private final long maxNeverUsedMs;
    private volatile java.util.function.BooleanSupplier active = () -> true;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "arbor-container-reaper");
        t.setDaemon(true);
        return t;
    });

    public ContainerReaper(DataTree tree, PrepareStage prepare, long intervalMs, int maxPerMinute,
                           long maxNeverUsedMs) {
        this.tree = tree;
        this.prepare = prepare;
        this.intervalMs = intervalMs;
        this.maxPerMinute = maxPerMinute;
        this.maxNeverUsedMs = maxNeverUsedMs;
    }

    /** In an ensemble the leader alone reaps: the others' deletions would be prepared on stale state. */
    public void activeWhen(java.util.function.BooleanSupplier condition) {
        this.active = condition;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::reap, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void reap() {
        if (!active.getAsBoolean()) {
            return;
        }
        try {
            List<String> candidates = candidates(System.currentTimeMillis());
            // The rate limit spreads maxPerMinute over the runs of a minute; the rest waits for the next run.
            long perRun = Math.max(1, (long) maxPerMinute * intervalMs / 60_000L);
            int n = (int) Math.min(candidates.size(), perRun);
            for (int i = 0; i < n; i++) {
                prepare.submit(new Request(null, 0, 0, OpCode.DELETE_CONTAINER,
                        new PathRequest(candidates.get(i)), List.of()));
            }
            if (n > 0) {
                LOG.debug("Submitted {} of {} container/TTL deletions", n, candidates.size());
            }
        } catch (RuntimeException e) {
            LOG.error("Container and TTL reaping failed; will retry in {}ms", intervalMs, e);
        }
    }

    List<String> candidates(long now) {
        List<String> out = new ArrayList<>();
        for (String path : tree.containers()) {
            check(path, now, out);
        }
        for (String path : tree.ttlNodes()) {
            check(path, now, out);
        }
        return out;
    }

    private void check(String path, long now, List<String> out) {
        ReentrantLock lock = tree.locks().lockFor(path);
        lock.lock();
        try {
            DataNode n = tree.get(path);
            if (n == null || n.numChildren() > 0) {
                return;
            }
            long owner = n.ephemeralOwner();
            if (EphemeralOwner.isContainer(owner)) {
                if (n.cversion() > 0 || maxNeverUsedMs > 0 && now - n.mtime() > maxNeverUsedMs) {
                    out.add(path);
                }
            } else if (EphemeralOwner.isTtl(owner) && now - n.mtime() > EphemeralOwner.ttlMillis(owner)) {
                out.add(path);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
