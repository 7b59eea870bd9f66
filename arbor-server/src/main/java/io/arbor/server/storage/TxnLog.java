package io.arbor.server.storage;

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
 * <p>Failed writes (for now): when an append or an fsync fails, the log names the file and the cause once, at
 * ERROR, and halts: the requests stay queued (nothing is acknowledged, nothing PREPARE counted is dropped),
 * reads keep being served, and the whole group is written again from where it started, then forced, after a
 * back-off (100 ms doubling to 5 s). Writing again rather than only retrying the fsync matters: after a failed
 * fsync Linux may have dropped the dirty pages. Until then writes pile up in memory (bounded only by
 * globalOutstandingLimit per client); failing them with an error to the client is the disk-full step's job.
 */
public final class TxnLog implements LogStage {
    private static final Logger LOG = LoggerFactory.getLogger(TxnLog.class);
    /** The size past which a segment is closed and the next group starts a new one. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final int FLUSH_BYTES = 1 << 20;
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

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
    private volatile boolean closed;

    // owned by the log thread
    private final List<Request> batch = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private ByteBuf buf = Unpooled.directBuffer(FLUSH_BYTES + (64 << 10));
    private SegmentWriter writer;
    /** Where the group being written started in its segment, or -1 if it started the segment. */
    private long groupStart;
    private Path groupFile;
    private boolean failing;
    private long backoffMs = FIRST_BACKOFF_MS;
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
            if (!writeGroup()) {
                thread.schedule(this::drain, backoffMs, TimeUnit.MILLISECONDS);
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
                return;
            }
            tellLogged();
            handOff();
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
                syncer.force(writer.channel());
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.error("Cannot write the txn log {}: {}. Writes are halted (reads go on) and retried until"
                        + " the disk takes them", groupFile, e.toString(), e);
            }
            failing = true;
            return false;
        } finally {
            if (buf.capacity() > 4 * FLUSH_BYTES) { // one huge txn: do not keep its buffer
                buf.release();
                buf = Unpooled.directBuffer(FLUSH_BYTES + (64 << 10));
            }
        }
        if (failing) {
            LOG.info("txn log {} writable again; {} waiting requests go on", groupFile, batch.size());
            failing = false;
            backoffMs = FIRST_BACKOFF_MS;
        }
        return true;
    }

    /** Positions {@link #writer} where this group goes: a new segment, the current one, or (retry) its start. */
    private void openForGroup(long firstZxid) throws IOException {
        if (failing) {
            // write the whole group again from where it began, through a fresh channel
            closeWriterQuietly();
            if (groupStart >= 0) {
                writer = SegmentWriter.reopen(groupFile, groupStart, preAllocBytes);
            }
        } else {
            if (writer != null && (rollRequested || writer.position() >= segmentBytes)) {
                rollRequested = false;
                closeWriterQuietly(); // its txns were forced with the last group
            }
            groupStart = writer == null ? -1 : writer.position();
        }
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
            if (writeGroup()) {
                handOff();
            } else {
                LOG.error("{} requests were never written to the txn log and are not acknowledged", batch.size());
                batch.clear();
            }
        }
        finished = true;
        closeWriterQuietly();
        buf.release();
    }
}
