package io.arbor.server.storage;

import io.arbor.server.tree.DataTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes fuzzy snapshots in the background while writes go on.
 *
 * <p>Txns are counted where they are logged ({@link #txnsLogged}, called by the log thread after each
 * group is durable), as ZooKeeper counts them in its sync stage: the log thread is the one that can roll
 * the log at an exact group boundary, and what is counted is exactly what a recovery would have to replay.
 * After a random count in {@code [snapCount/2 + 1, snapCount]} (drawn again after each snapshot, so that
 * the servers of an ensemble do not all snapshot at once) the log rolls, so that the next segment begins
 * after the snapshot's start zxid, and the snapshot thread walks the tree. The walk reads one node at a time
 * under its stripe lock and never blocks APPLY for longer than one node's copy. If the previous snapshot
 * is still being written, this one is skipped (and logged).
 *
 * <p>Snapshots take at most a quarter of the time: after one that took T, the next waits until 3T after it ended,
 * even when snapCount more txns came sooner (counting goes on; the first group after the wait starts it). A
 * snapshot of a large tree costs about a core (and much allocation) for its duration, and at Arbor's write rates
 * snapCount txns can arrive faster than one snapshot is written; the cap bounds that share. The log keeps every
 * txn, so the price is only a longer replay after a crash. (Measured on 2 cores with a tree growing to 1M nodes:
 * 69k creates/s with snapshots, 117k with none; the cap alone gives 70k, so most of the cost is elsewhere, likely
 * the garbage a walk of a large tree makes in a heap that the tree mostly fills.)
 *
 * <p>The start zxid is the tree's last processed zxid when the walk begins: every txn up to it is in the
 * tree, and recovery replays every txn after it on top of the snapshot ({@link DataTree#apply} is idempotent
 * for that).
 */
public final class Snapshotter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final DataTree tree;
    private final Supplier<List<SnapshotSession>> sessions;
    private final Path dataDir;
    private final int snapCount;
    private final Runnable rollLog;
    private final Random random;
    private final ExecutorService thread;
    private static final int IDLE_FACTOR = 3;

    private final AtomicBoolean running = new AtomicBoolean();
    private final java.util.function.LongSupplier nanoClock;
    /** When the next snapshot may start (nanoClock), IDLE_FACTOR times the last one's duration after it ended. */
    private volatile long notBeforeNanos;
    private volatile java.util.function.LongConsumer snapshotListener = millis -> { };
    private volatile SnapshotWriter.Written last;
    // owned by the log thread
    private long logged;
    private long threshold;

    /**
     * @param sessions the live sessions, read when a snapshot starts
     * @param rollLog makes the txn log start a new segment at its next append
     */
    public Snapshotter(DataTree tree, Supplier<List<SnapshotSession>> sessions, Path dataDir, int snapCount,
            Runnable rollLog, Random random) {
        this(tree, sessions, dataDir, snapCount, rollLog, random, System::nanoTime);
    }

    Snapshotter(DataTree tree, Supplier<List<SnapshotSession>> sessions, Path dataDir, int snapCount,
            Runnable rollLog, Random random, java.util.function.LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.notBeforeNanos = nanoClock.getAsLong();
        if (snapCount < 2) {
            throw new IllegalArgumentException("snapCount must be at least 2");
        }
        this.tree = tree;
        this.sessions = sessions;
        this.dataDir = dataDir;
        this.snapCount = snapCount;
        this.rollLog = rollLog;
        this.random = random;
        this.threshold = nextThreshold();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "arbor-snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code listener} hears how long each snapshot took to write (ms). */
    public void onSnapshot(java.util.function.LongConsumer listener) {
        this.snapshotListener = listener;
    }

    /** The last snapshot this server wrote, if any. */
    public java.util.Optional<SnapshotWriter.Written> lastWritten() {
        return java.util.Optional.ofNullable(last);
    }

    /** Removes temporary files a crash left in the middle of a snapshot. */
    public Snapshotter start() throws IOException {
        Path dir = SnapshotFormat.snapshotDir(dataDir);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(SnapshotFormat.PREFIX) && name.endsWith(SnapshotFormat.TEMP_SUFFIX)) {
                    LOG.info("Removing {}, left by a snapshot that did not finish", p);
                    Files.deleteIfExists(p);
                }
            }
        }
        return this;
    }

    /** A random count in [snapCount/2 + 1, snapCount]. */
    long nextThreshold() {
        int half = snapCount / 2;
        return half + 1 + random.nextInt(snapCount - half);
    }

    long threshold() {
        return threshold;
    }

    /** Called by the log thread once {@code txns} more txns are durable. */
    public void txnsLogged(int txns) {
        logged += txns;
        if (logged < threshold) {
            return;
        }
        if (nanoClock.getAsLong() - notBeforeNanos < 0) {
            return; // the last snapshot ended too recently: counting goes on, a later group starts it
        }
        logged = 0;
        threshold = nextThreshold();
        if (!running.compareAndSet(false, true)) {
            LOG.warn("The previous snapshot is still being written; skipping this one");
            return;
        }
        rollLog.run();
        try {
            thread.execute(this::takeQuietly);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running.set(false); // closing
        }
    }

    /**
     * At a clean shutdown, once nothing applies any more: a snapshot of the final tree if it is newer than the
     * newest snapshot ({@code recoveredFrom}: the zxid of the one this server started from, -1 if none), so that
     * the next start loads it instead of replaying the log. Waits for it (bounded).
     */
    public void snapshotAtShutdown(long recoveredFrom) {
        SnapshotWriter.Written newest = last;
        long snapshotZxid = newest != null ? newest.zxid() : recoveredFrom;
        if (tree.lastProcessedZxid() <= snapshotZxid) {
            return;
        }
        try {
            snapshotNow().get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("No snapshot at shutdown ({}); the next start replays the txn log instead", e.toString());
        }
    }

    /** Rolls the log and takes a snapshot now, on the snapshot thread; for tests and operators. */
    public CompletableFuture<SnapshotWriter.Written> snapshotNow() {
        CompletableFuture<SnapshotWriter.Written> done = new CompletableFuture<>();
        // the one thread runs snapshots one after another, background or not; no need for the running flag
        thread.execute(() -> {
            rollLog.run();
            try {
                done.complete(take());
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void takeQuietly() {
        try {
            take();
        } catch (IOException | RuntimeException e) {
            LOG.error("Snapshot of {} failed: {}; the txn log still holds everything, the next one is retried"
                    + " after snapCount more txns", dataDir, e.toString(), e);
        } finally {
            running.set(false);
        }
    }

    private SnapshotWriter.Written take() throws IOException {
        long start = nanoClock.getAsLong();
        try {
            return write(start);
        } finally {
            long end = nanoClock.getAsLong();
            notBeforeNanos = end + IDLE_FACTOR * (end - start);
        }
    }

    private SnapshotWriter.Written write(long start) throws IOException {
        long zxid = tree.lastProcessedZxid();
        SnapshotWriter.Written w = SnapshotWriter.write(dataDir, zxid, sessions.get(), tree::walk);
        last = w;
        snapshotListener.accept((nanoClock.getAsLong() - start) / 1_000_000);
        LOG.info("Snapshot 0x{} written: {} nodes, {} bytes in {} ms ({})", Long.toHexString(zxid), w.nodes(),
                w.bytes(), (nanoClock.getAsLong() - start) / 1_000_000, w.file());
        return w;
    }

    /** Waits for a snapshot being written (a few seconds at most) and stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("A snapshot was still being written at shutdown; its temporary file is removed at the"
                        + " next start");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
