package io.arbor.server.storage;

import io.arbor.protocol.ErrorCode;
import io.arbor.server.pipeline.LogStage;
import io.arbor.server.pipeline.Request;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LOG, standalone: appends txns to the segment files of {@link LogFormat} and fsyncs them in groups before
 * handing the requests on to APPLY.
 *
 * <p>Group commit: one log thread takes everything queued, appends every txn of it, forces the file once
 * ({@code FileChannel.force(false)}; skipped with {@code forceSync=no}) and then hands every request it took,
 * with a txn or not, to APPLY in the order PREPARE gave them. Whatever arrives while a force runs goes into the
 * next group. There is no timer: an idle log writes a lone request at once.
 *
 * <p>A new segment starts at the next append after {@link #roll()} and when the current one has grown past
 * the segment size. Each segment is named after its first zxid, so a restarted server, which starts a fresh
 * segment, never appends to a segment of an earlier run.
 *
 * <p>Failed writes (disk full, I/O error): the group that failed is cut off the segment again (truncated back
 * to where it started, or the segment deleted if it started one) and every request in it is answered with
 * SystemError, applying nothing. So are the requests PREPARE prepared meanwhile on top of that group's in-flight
 * state (they carry the same {@link Request#epoch}); {@link #onWriteFailure} then has PREPARE drop that state and
 * reuse the refused zxids, so the log stays gap-free. Reads go on, and the next write simply tries the disk
 * again: the log recovers by itself once space is back. Cutting the group off matters: after a failed fsync
 * some of its records may still reach the disk, and a later shorter group must not leave them behind it. While
 * a segment cannot be cut back, every write is refused and the cut is retried first.
 */
public final class TxnLog implements LogStage {
    private static final Logger LOG = LoggerFactory.getLogger(TxnLog.class);
    /** The size past which a segment is closed and the next group starts a new one. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final int FLUSH_BYTES = 1 << 20;

    /** How a segment is forced to disk; a seam for tests. */
    interface Syncer {
        void force(FileChannel channel) throws IOException;
    }

    private final Path dir;
    private final long preAllocBytes;
    private final boolean forceSync;
    private final int maxRecordBytes;
    private final long segmentBytes;
    private final Consumer<Request> apply;
    private final Syncer syncer;
    private final ConcurrentLinkedQueue<Request> incoming = new ConcurrentLinkedQueue<>();
    /** True while a drain is queued, running or waiting to retry: submit then need not wake the thread. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService thread;
    private volatile boolean rollRequested;
    private volatile IntConsumer loggedListener = n -> { };
    private volatile Runnable writeFailureListener = () -> { };
    private volatile java.util.function.LongConsumer fsyncListener = nanos -> { };
    private volatile long fsyncWarningNanos = TimeUnit.SECONDS.toNanos(1);
    private volatile boolean closed;

    // owned by the log thread
    private final List<Request> batch = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private ByteBuf buf = Unpooled.directBuffer(FLUSH_BYTES + (64 << 10));
    private SegmentWriter writer;
    /** Where the group being written started in its segment, or -1 if it started the segment. */
    private long groupStart;
    private Path groupFile;
    /** Requests PREPARE stamped with this epoch or an earlier one were prepared on a failed group's state. */
    private int refuseThroughEpoch = -1;
    /** A failed group still to be cut off its segment (file, and offset or -1 to delete the file). */
    private Path damagedFile;
    private long damagedFrom;
    /** Where the next group continues after a failed one was cut off, or null for "a new segment". */
    private Path resumeFile;
    private long resumeFrom;
    private boolean failing;
    private long refusedWhileFailing;
    private boolean finished;

    /**
     * @param dataLogDir the segments go to its {@code version-2} directory
     * @param preAllocBytes the step segments grow by
     * @param maxRecordBytes the largest record replay accepts; a larger one is written but logged as an error
     * @param apply where requests go once their txns are durable, in order
     */
    public TxnLog(Path dataLogDir, long preAllocBytes, boolean forceSync, int maxRecordBytes,
            Consumer<Request> apply) {
        this(dataLogDir, preAllocBytes, forceSync, maxRecordBytes, DEFAULT_SEGMENT_BYTES, apply,
                ch -> ch.force(false));
    }

    TxnLog(Path dataLogDir, long preAllocBytes, boolean forceSync, int maxRecordBytes, long segmentBytes,
            Consumer<Request> apply, Syncer syncer) {
        if (preAllocBytes <= 0 || segmentBytes <= 0 || maxRecordBytes <= 0) {
            throw new IllegalArgumentException("preAllocBytes, segmentBytes and maxRecordBytes must be positive");
        }
        this.dir = LogFormat.segmentDir(dataLogDir);
        this.preAllocBytes = preAllocBytes;
        this.forceSync = forceSync;
        this.maxRecordBytes = maxRecordBytes;
        this.segmentBytes = segmentBytes;
        this.apply = apply;
        this.syncer = syncer;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arbor-log");
            t.setDaemon(true);
            return t;
        });
    }

    /** Makes the segment directory; segments themselves are made at the first append. */
    public TxnLog start() throws IOException {
        Files.createDirectories(dir);
        return this;
    }

    /** Called by PREPARE's thread only, in zxid order. */
    @Override
    public void submit(Request request) {
        if (closed) {
            LOG.warn("txn log closed; dropping a request of session 0x{}", Long.toHexString(request.sessionId));
            return;
        }
        incoming.add(request);
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException e) {
                LOG.warn("txn log closed while a request was submitted");
            }
        }
    }

    /**
     * {@code listener} hears, on the log thread, how many txns each group made durable (before their requests
     * go on to APPLY); the snapshotter counts them.
     */
    public void onLogged(IntConsumer listener) {
        this.loggedListener = listener;
    }

    /**
     * {@code listener} is told, on the log thread, each time requests were refused because a write failed, right
     * after those requests went on to APPLY (their answers); it must have PREPARE roll its in-flight state back.
     */
    public void onWriteFailure(Runnable listener) {
        this.writeFailureListener = listener;
    }

    /**
     * {@code listener} hears how long each fsync took (ns), on the log thread; an fsync longer than
     * {@code warningThresholdMs} ({@code fsync.warningthresholdms}, as ZooKeeper) is also logged as a warning.
     */
    public void onFsync(java.util.function.LongConsumer listener, long warningThresholdMs) {
        this.fsyncListener = listener;
        this.fsyncWarningNanos = TimeUnit.MILLISECONDS.toNanos(warningThresholdMs);
    }

    /** The next append starts a new segment (a snapshot calls this, so that older segments can be purged). */
    public void roll() {
        rollRequested = true;
    }

    private void drain() {
        while (!finished) {
            for (Request r; (r = incoming.poll()) != null; ) {
                batch.add(r);
            }
            if (batch.isEmpty()) {
                scheduled.set(false);
                // a submit that saw scheduled still true has left its request behind: take it
                if (incoming.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            writeOrRefuse();
        }
    }

    /** Writes the batch and hands it on, or refuses it (see the class comment); the batch is empty after. */
    private void writeOrRefuse() {
        int stale = 0;
        while (stale < batch.size() && batch.get(stale).epoch <= refuseThroughEpoch) {
            stale++;
        }
        if (stale > 0) { // prepared on a failed group's state: PREPARE is rolling back already
            List<Request> prefix = batch.subList(0, stale);
            refuse(prefix);
            prefix.clear();
        }
        if (batch.isEmpty()) {
            return;
        }
        if ((damagedFile == null || repair()) && writeGroup()) {
            tellLogged();
            handOff();
            return;
        }
        refuseThroughEpoch = batch.get(batch.size() - 1).epoch;
        refuse(batch);
        batch.clear();
        try {
            writeFailureListener.run();
        } catch (RuntimeException e) {
            LOG.error("txn log write-failure listener failed", e);
        }
    }

    private void refuse(List<Request> requests) {
        refusedWhileFailing += requests.size();
        for (Request r : requests) {
            r.failUnlogged(ErrorCode.SYSTEM_ERROR);
            apply.accept(r);
        }
    }

    private void tellLogged() {
        int txns = 0;
        for (Request r : batch) {
            if (r.txn != null) {
                txns++;
            }
        }
        if (txns > 0) {
            try {
                loggedListener.accept(txns);
            } catch (RuntimeException e) {
                LOG.error("txn log listener failed", e);
            }
        }
    }

    private void handOff() {
        for (Request r : batch) {
            apply.accept(r);
        }
        batch.clear();
    }

    /** Appends and forces every txn of the batch; false (logged) if that failed and must be retried. */
    private boolean writeGroup() {
        long firstZxid = -1;
        for (Request r : batch) {
            if (r.txn != null) {
                firstZxid = r.txn.zxid();
                break;
            }
        }
        if (firstZxid < 0) {
            return true; // errors and syncs only: nothing to make durable, but they keep their place
        }
        try {
            openForGroup(firstZxid);
            buf.clear();
            for (Request r : batch) {
                if (r.txn == null) {
                    continue;
                }
                int length = LogFormat.writeRecord(r.txn, buf, crc);
                if (length > maxRecordBytes) {
                    LOG.error("txn 0x{} is {} bytes, more than the {} replay accepts: raise jute.maxbuffer before"
                            + " the next start", Long.toHexString(r.txn.zxid()), length, maxRecordBytes);
                }
                if (buf.readableBytes() >= FLUSH_BYTES) {
                    writer.append(buf);
                    buf.clear();
                }
            }
            if (buf.isReadable()) {
                writer.append(buf);
            }
            if (forceSync) {
                long start = System.nanoTime();
                syncer.force(writer.channel());
                long took = System.nanoTime() - start;
                fsyncListener.accept(took);
                if (took > fsyncWarningNanos) {
                    LOG.warn("fsync of txn log {} took {} ms, which adds that much to the latency of {} writes;"
                            + " is the disk shared or slow?", groupFile, took / 1_000_000, batch.size());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.error("Cannot write the txn log {}: {}. Writes are refused with SystemError (reads go on)"
                        + " until the disk takes them again", groupFile, e.toString(), e);
                failing = true;
            } else {
                LOG.debug("txn log {} still not writable: {}", groupFile, e.toString());
            }
            closeWriterQuietly();
            damagedFile = groupFile;
            damagedFrom = groupStart;
            repair();
            return false;
        } finally {
            if (buf.capacity() > 4 * FLUSH_BYTES) { // one huge txn: do not keep its buffer
                buf.release();
                buf = Unpooled.directBuffer(FLUSH_BYTES + (64 << 10));
            }
        }
        if (failing) {
            LOG.info("txn log {} writable again; {} requests were refused meanwhile", groupFile,
                    refusedWhileFailing);
            failing = false;
        }
        refusedWhileFailing = 0;
        return true;
    }

    /**
     * Cuts the failed group off its segment, so that nothing it may have left on disk is replayed; true when
     * done (the next group then goes where it began).
     */
    private boolean repair() {
        try {
            if (damagedFrom < 0) {
                Files.deleteIfExists(damagedFile);
                syncDirectory();
                resumeFile = null;
            } else {
                try (FileChannel ch = FileChannel.open(damagedFile, StandardOpenOption.WRITE)) {
                    ch.truncate(damagedFrom);
                    ch.force(true);
                }
                resumeFile = damagedFile;
                resumeFrom = damagedFrom;
            }
            damagedFile = null;
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot cut the failed writes off txn log {} (at offset {}): {}; writes stay refused until"
                    + " it can", damagedFile, damagedFrom, e.toString());
            return false;
        }
    }

    /** Positions {@link #writer} where this group goes: a new segment, the current one, or after a cut-off one. */
    private void openForGroup(long firstZxid) throws IOException {
        if (writer == null && resumeFile != null) {
            groupFile = resumeFile; // should reopening fail, the cut is simply made again
            groupStart = resumeFrom;
            writer = SegmentWriter.reopen(resumeFile, resumeFrom, preAllocBytes);
            resumeFile = null;
        }
        if (writer != null && (rollRequested || writer.position() >= segmentBytes)) {
            rollRequested = false;
            closeWriterQuietly(); // its txns were forced with the last group
        }
        groupStart = writer == null ? -1 : writer.position();
        if (writer == null) {
            groupFile = dir.resolve(LogFormat.fileName(firstZxid));
            writer = SegmentWriter.create(dir, firstZxid, preAllocBytes);
            if (forceSync) {
                syncDirectory(); // the new file's name must survive a crash too
            }
        }
        groupFile = writer.file();
    }

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private void closeWriterQuietly() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.warn("closing txn log segment {} failed", writer.file(), e);
            }
            writer = null;
        }
    }

    /** Writes and forces what is queued, hands it on, and closes the segment. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            thread.submit(this::finish).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("closing the txn log failed", e);
        } finally {
            thread.shutdownNow();
        }
    }

    private void finish() {
        for (Request r; (r = incoming.poll()) != null; ) {
            batch.add(r);
        }
        if (!batch.isEmpty()) {
            writeOrRefuse();
        }
        finished = true;
        closeWriterQuietly();
        buf.release();
    }
}
