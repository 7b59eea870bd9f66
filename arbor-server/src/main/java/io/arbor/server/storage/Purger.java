package io.arbor.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what recovery no longer needs: every snapshot older than the {@code retainCount} newest that
 * verify, and every txn log segment whose txns are all at or before the oldest retained snapshot's zxid.
 * A segment holds the txns from its first zxid up to the next segment's first zxid minus one, so the segment
 * that contains the oldest retained zxid is kept (its later txns are replayed on top of that snapshot), and
 * the last segment is always kept (it is the one being written). Without a snapshot that verifies, nothing
 * is deleted. Snapshots newer than the oldest retained one are never deleted, even a corrupt one: an
 * operator may want to look at it.
 */
public final class Purger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Purger.class);

    /** What one purge deleted. */
    public record Result(List<Path> snapshots, List<Path> segments) {
    }

    private final Path dataDir;
    private final Path dataLogDir;
    private final int retainCount;
    private final int maxRecordBytes;
    private ScheduledExecutorService thread;

    public Purger(Path dataDir, Path dataLogDir, int retainCount, int maxRecordBytes) {
        if (retainCount < 1) {
            throw new IllegalArgumentException("retainCount must be at least 1");
        }
        this.dataDir = dataDir;
        this.dataLogDir = dataLogDir;
        this.retainCount = retainCount;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Purges every {@code intervalHours} (the first time after one interval); 0 or less: never. */
    public Purger start(int intervalHours) {
        if (intervalHours > 0) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "arbor-purge");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(this::purgeQuietly, intervalHours, intervalHours, TimeUnit.HOURS);
            LOG.info("Purging every {} h, keeping the {} newest snapshots", intervalHours, retainCount);
        }
        return this;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (IOException | RuntimeException e) {
            LOG.error("Purge of {} failed; retried at the next interval", dataDir, e);
        }
    }

    /** Purges now, on the caller's thread. */
    public Result purge() throws IOException {
        List<Path> snapshots = SnapshotFormat.snapshots(dataDir);
        int valid = 0;
        int cut = -1; // index of the oldest retained snapshot
        for (int i = 0; i < snapshots.size() && valid < retainCount; i++) {
            try {
                SnapshotReader.read(snapshots.get(i), maxRecordBytes);
                valid++;
                cut = i;
            } catch (IOException e) {
                LOG.warn("Purge: {} does not verify ({}); it does not count among the retained snapshots",
                        snapshots.get(i), e.getMessage());
            }
        }
        if (cut < 0) {
            return new Result(List.of(), List.of());
        }
        long oldestZxid = SnapshotFormat.zxidOf(snapshots.get(cut));
        List<Path> deletedSnapshots = new ArrayList<>();
        for (Path p : snapshots.subList(cut + 1, snapshots.size())) {
            Files.deleteIfExists(p);
            deletedSnapshots.add(p);
        }
        List<Path> segments = LogReader.segments(LogFormat.segmentDir(dataLogDir));
        List<Path> deletedSegments = new ArrayList<>();
        for (int i = 0; i < segments.size() - 1; i++) {
            // segment i holds [its first zxid, next first zxid - 1]: all of it is in the snapshot then
            if (LogFormat.firstZxidOf(segments.get(i + 1)) <= oldestZxid + 1) {
                Files.deleteIfExists(segments.get(i));
                deletedSegments.add(segments.get(i));
            } else {
                break; // segments are in zxid order: every later one is needed
            }
        }
        if (!deletedSnapshots.isEmpty() || !deletedSegments.isEmpty()) {
            LOG.info("Purged {} snapshots and {} txn log segments older than zxid 0x{}", deletedSnapshots.size(),
                    deletedSegments.size(), Long.toHexString(oldestZxid));
        }
        return new Result(deletedSnapshots, deletedSegments);
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
