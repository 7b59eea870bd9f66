package io.arbor.server.storage;

import io.arbor.protocol.txn.Txn;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the txn log ({@link LogFormat}) on start: every record's checksum is verified and zxids must run on
 * without a gap. A torn or garbled tail of the last segment (a record that is short, does not check or does
 * not parse, followed by nothing but zeros) is what a crash during a write leaves: it was never acknowledged,
 * so it is cut off (the file is truncated at the last good record) and logged. Anything else that does not
 * read (a bad record with data after it, a bad record in an earlier segment, a zxid gap) throws
 * {@link LogCorruptException} naming the file and offset: start-up stops rather than lose data silently.
 */
public final class LogReader {
    private static final Logger LOG = LoggerFactory.getLogger(LogReader.class);
    private static final int WINDOW_BYTES = 1 << 20;
    private static final long PROGRESS_NANOS = 1_000_000_000L;

    private final int maxRecordBytes;
    private final long afterZxid;
    private final Consumer<Txn> sink;
    private final CRC32C crc = new CRC32C();
    private final long startNanos = System.nanoTime();
    private long nextProgress = startNanos + PROGRESS_NANOS;
    private long records;
    private long bytesRead;
    /** The zxid the next txn must follow: the last one read, or the one before the first segment's; -1 first. */
    private long lastZxid = -1;

    private LogReader(int maxRecordBytes, long afterZxid, Consumer<Txn> sink) {
        this.maxRecordBytes = maxRecordBytes;
        this.afterZxid = afterZxid;
        this.sink = sink;
    }

    /** {@link #replay(Path, long, int, Consumer)} with records bounded by 1 MiB jute.maxbuffer and its margin. */
    public static long replay(Path dataLogDir, long afterZxid, Consumer<Txn> sink) throws IOException {
        return replay(dataLogDir, afterZxid, maxRecordBytes(1024 * 1024 - 1), sink);
    }

    /**
     * The record bound for a jute.maxbuffer: a txn may carry a little more than the request it came from,
     * and a closeSession lists every ephemeral of its session, which no request bounds; 64 MiB of margin
     * covers about a million ephemeral paths. The bound only stops a garbled length from allocating.
     */
    public static int maxRecordBytes(int juteMaxBuffer) {
        return (int) Math.min(Integer.MAX_VALUE - 64L, 2L * juteMaxBuffer + (64 << 20));
    }

    /**
     * Hands every txn of the log in {@code dataLogDir} with a zxid above {@code afterZxid} to {@code sink},
     * in zxid order.
     *
     * @return the zxid of the last txn read, or {@code afterZxid} if there was none after it
     * @throws LogCorruptException if the log cannot be read without losing data
     */
    public static long replay(Path dataLogDir, long afterZxid, int maxRecordBytes, Consumer<Txn> sink)
            throws IOException {
        List<Path> segments = segments(LogFormat.segmentDir(dataLogDir));
        LogReader reader = new LogReader(maxRecordBytes, afterZxid, sink);
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            if (!last && LogFormat.firstZxidOf(segments.get(i + 1)) <= afterZxid + 1) {
                continue; // every txn of it is at or before afterZxid
            }
            reader.readSegment(segments.get(i), last);
        }
        if (reader.records > 0 && System.nanoTime() - reader.startNanos > PROGRESS_NANOS) {
            reader.logProgress("Replayed");
        }
        return Math.max(afterZxid, reader.lastZxid);
    }

    /** The segment files of a directory in zxid order (none if it does not exist). */
    static List<Path> segments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> LogFormat.firstZxidOf(p) >= 0 && Files.isRegularFile(p)).forEach(out::add);
        }
        out.sort(Comparator.comparingLong(LogFormat::firstZxidOf));
        return out;
    }

    private void readSegment(Path file, boolean lastSegment) throws IOException {
        long nameZxid = LogFormat.firstZxidOf(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Window in = new Window(ch);
            long size = ch.size();
            if (size < LogFormat.HEADER_BYTES || in.getInt(0) != LogFormat.MAGIC) {
                if (lastSegment && in.zerosFrom(0)) {
                    // a crash while the segment was being made: it never held a txn
                    LOG.warn("txn log segment {} has no header (a crash while it was made); removing it", file);
                    Files.delete(file);
                    return;
                }
                throw new LogCorruptException(file, 0, "not an Arbor txn log segment (bad header)");
            }
            int version = in.getInt(4);
            if (version != LogFormat.VERSION) {
                throw new LogCorruptException(file, 4, "format version " + version + " is not supported (this"
                        + " server reads version " + LogFormat.VERSION + ")");
            }
            long headerZxid = in.getLong(8);
            if (headerZxid != nameZxid) {
                throw new LogCorruptException(file, 8, "header names first zxid 0x" + Long.toHexString(headerZxid)
                        + " but the file name 0x" + Long.toHexString(nameZxid));
            }
            checkNext(file, 0, nameZxid, "segment starts at");
            if (lastZxid < 0) {
                lastZxid = nameZxid - 1; // its first txn must be the one its name promises
            }
            long offset = LogFormat.HEADER_BYTES;
            while (true) {
                long left = size - offset;
                if (left == 0) {
                    return;
                }
                String problem;
                long badEnd; // where the bad record ends, as far as it can be told
                if (left < LogFormat.RECORD_HEADER_BYTES) {
                    problem = "short record header";
                    badEnd = size;
                } else {
                    int length = in.getInt(offset);
                    if (length == 0) {
                        // padding: in the last segment it must be padding only, to the end
                        if (lastSegment && !in.zerosFrom(offset)) {
                            throw new LogCorruptException(file, offset, "zeros where a record should be, then"
                                    + " non-zero data");
                        }
                        return;
                    }
                    int expectedCrc = in.getInt(offset + 4);
                    if (length < 0 || length > maxRecordBytes) {
                        problem = "record length " + length + " is out of bounds (max " + maxRecordBytes
                                + "; raise jute.maxbuffer if this server wrote it)";
                        badEnd = offset + LogFormat.RECORD_HEADER_BYTES;
                    } else if (length > left - LogFormat.RECORD_HEADER_BYTES) {
                        problem = "record of " + length + " bytes runs past the end of the file";
                        badEnd = size;
                    } else {
                        badEnd = offset + LogFormat.RECORD_HEADER_BYTES + length;
                        ByteBuffer payload = in.slice(offset + LogFormat.RECORD_HEADER_BYTES, length);
                        crc.reset();
                        crc.update(payload.duplicate());
                        if ((int) crc.getValue() != expectedCrc) {
                            problem = "checksum mismatch";
                        } else {
                            Txn txn = decode(payload);
                            if (txn == null) {
                                problem = "record does not parse as a txn";
                            } else {
                                deliver(file, offset, txn);
                                offset = badEnd;
                                progress(LogFormat.RECORD_HEADER_BYTES + length);
                                continue;
                            }
                        }
                    }
                }
                if (lastSegment && in.zerosFrom(badEnd)) {
                    cutTail(file, offset, size, problem);
                    return;
                }
                throw new LogCorruptException(file, offset, problem + (lastSegment
                        ? ", and data follows it" : ", in a segment that is not the last"));
            }
        }
    }

    private static Txn decode(ByteBuffer payload) {
        ByteBuf in = Unpooled.wrappedBuffer(payload.duplicate());
        try {
            Txn txn = Txn.read(in);
            return in.isReadable() ? null : txn;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void deliver(Path file, long offset, Txn txn) throws LogCorruptException {
        checkNext(file, offset, txn.zxid(), "txn has zxid");
        lastZxid = txn.zxid();
        if (txn.zxid() > afterZxid) {
            sink.accept(txn);
        }
    }

    /** Zxids run on by one: from afterZxid into the log, through a segment and from one segment to the next. */
    private void checkNext(Path file, long offset, long zxid, String what) throws LogCorruptException {
        long expected = lastZxid >= 0 ? lastZxid + 1 : afterZxid + 1;
        // the first segment read may start before afterZxid (its early txns are skipped), not after it
        boolean ok = lastZxid >= 0 ? zxid == expected : zxid <= expected;
        if (!ok) {
            throw new LogCorruptException(file, offset, what + " 0x" + Long.toHexString(zxid) + " where 0x"
                    + Long.toHexString(expected) + " was expected (txns are missing or out of order)");
        }
    }

    private static void cutTail(Path file, long offset, long size, String problem) throws IOException {
        LOG.warn("txn log {}: torn tail at byte offset {} ({}); cutting off {} bytes after the last good record"
                + " (never acknowledged: a crash during a write)", file, offset, problem, size - offset);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(offset);
            ch.force(true);
        }
    }

    private void progress(int bytes) {
        records++;
        bytesRead += bytes;
        if ((records & 255) == 0) {
            long now = System.nanoTime();
            if (now >= nextProgress) {
                nextProgress = now + PROGRESS_NANOS;
                logProgress("Replaying");
            }
        }
    }

    private void logProgress(String verb) {
        LOG.info("{} the txn log: {} records, {} MB read, {} s", verb, records,
                String.format("%.1f", bytesRead / 1e6), (System.nanoTime() - startNanos) / 1_000_000_000L);
    }

    /** Reads a segment through a window of a megabyte (or of one record, when larger). */
    private static final class Window {
        private final FileChannel ch;
        private final long size;
        private ByteBuffer buf = ByteBuffer.allocate(WINDOW_BYTES).limit(0);
        private long start;

        Window(FileChannel ch) throws IOException {
            this.ch = ch;
            this.size = ch.size();
        }

        int getInt(long pos) throws IOException {
            return slice(pos, 4).getInt();
        }

        long getLong(long pos) throws IOException {
            return slice(pos, 8).getLong();
        }

        /** The {@code n} bytes at {@code pos}, which the caller knows to be in the file. */
        ByteBuffer slice(long pos, int n) throws IOException {
            if (pos < start || pos + n > start + buf.limit()) {
                fill(pos, n);
            }
            int at = (int) (pos - start);
            return buf.slice(at, n);
        }

        private void fill(long pos, int n) throws IOException {
            if (buf.capacity() < n) {
                buf = ByteBuffer.allocate(n);
            }
            buf.clear();
            start = pos;
            while (buf.hasRemaining()) {
                int read = ch.read(buf, start + buf.position());
                if (read < 0) {
                    break;
                }
            }
            buf.flip();
            if (buf.limit() < n) {
                throw new IOException("file shrank while it was read");
            }
        }

        /** True if every byte from {@code pos} to the end of the file is zero. */
        boolean zerosFrom(long pos) throws IOException {
            for (long p = pos; p < size; ) {
                int n = (int) Math.min(WINDOW_BYTES, size - p);
                ByteBuffer b = slice(p, n);
                for (int i = 0; i < n; i++) {
                    if (b.get(i) != 0) {
                        return false;
                    }
                }
                p += n;
            }
            return true;
        }
    }
}
