package io.arbor.cli;

import io.arbor.protocol.txn.Txn;
import io.arbor.server.storage.LogFormat;
import io.arbor.server.storage.LogReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads one txn log segment on its own, for operators. The server's {@code LogReader} replays a whole log
 * directory and cuts torn tails off as it goes; a dump must read any single file and change nothing, so this
 * reads the layout that {@code io.arbor.server.storage.LogFormat} documents: a 16-byte header (magic "ARBL",
 * format version, first zxid), records of payload length, CRC32C of the payload and the payload (one {@link Txn}),
 * then zero padding.
 */
final class SegmentScanner {

    /** The file is not a segment this version can read at all. */
    static final class NotALogException extends IOException {
        NotALogException(String message) {
            super(message);
        }
    }

    /** The segment's header. */
    record Header(int version, long firstZxid) {
    }

    /** How the records ended. */
    sealed interface End {
        long offset();
    }

    /** Only zero padding (or nothing) after the last record. */
    record Clean(long offset, long fileSize) implements End {
    }

    /** A bad record followed by nothing but zeros: what a crash during an append leaves. */
    record TornTail(long offset, String problem) implements End {
    }

    /** A bad record (or a zxid out of order) with data after it: not what a crash leaves. */
    record Corrupt(long offset, String problem) implements End {
    }

    private final Path file;

    SegmentScanner(Path file) {
        this.file = file;
    }

    /** Reads the header, hands every good record (its offset and txn) to {@code sink} and says how it ended. */
    End scan(Consumer<Header> onHeader, RecordSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new NotALogException(file + " is " + size + " bytes: larger than any Arbor txn log segment");
            }
            ByteBuffer in = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            if (size < LogFormat.HEADER_BYTES || in.getInt(0) != LogFormat.MAGIC) {
                throw new NotALogException(file + " is not an Arbor txn log segment (" + (zerosFrom(in, 0)
                        ? "only zeros: a segment a crash left before its header was written"
                        : "it does not start with the magic \"ARBL\"") + ")");
            }
            int version = in.getInt(4);
            if (version != LogFormat.VERSION) {
                throw new NotALogException(file + " has txn log format version " + version + "; this tool reads"
                        + " version " + LogFormat.VERSION);
            }
            Header header = new Header(version, in.getLong(8));
            onHeader.accept(header);
            return records(in, header, sink);
        }
    }

    /** Where the records go. */
    @FunctionalInterface
    interface RecordSink {
        void accept(long offset, Txn txn);
    }

    private static End records(ByteBuffer in, Header header, RecordSink sink) {
        int maxRecordBytes = LogReader.maxRecordBytes(1024 * 1024 - 1);
        CRC32C crc = new CRC32C();
        long expectedZxid = header.firstZxid();
        int size = in.limit();
        int offset = LogFormat.HEADER_BYTES;
        while (true) {
            int left = size - offset;
            if (left == 0) {
                return new Clean(offset, size);
            }
            String problem;
            int badEnd;
            if (left < LogFormat.RECORD_HEADER_BYTES) {
                problem = "short record header";
                badEnd = size;
            } else {
                int length = in.getInt(offset);
                if (length == 0) {
                    return zerosFrom(in, offset) ? new Clean(offset, size)
                            : new Corrupt(offset, "a zero record length (padding), then non-zero data");
                }
                if (length < 0 || length > maxRecordBytes) {
                    problem = "record length " + length + " is out of bounds";
                    badEnd = offset + LogFormat.RECORD_HEADER_BYTES;
                } else if (length > left - LogFormat.RECORD_HEADER_BYTES) {
                    problem = "record of " + length + " bytes runs past the end of the file";
                    badEnd = size;
                } else {
                    badEnd = offset + LogFormat.RECORD_HEADER_BYTES + length;
                    ByteBuffer payload = in.slice(offset + LogFormat.RECORD_HEADER_BYTES, length);
                    crc.reset();
                    crc.update(payload.duplicate());
                    if ((int) crc.getValue() != in.getInt(offset + 4)) {
                        problem = "checksum mismatch";
                    } else {
                        Txn txn = decode(payload);
                        if (txn == null) {
                            problem = "record does not parse as a txn";
                        } else if (txn.zxid() != expectedZxid) {
                            // a good record out of order is never a torn tail
                            return new Corrupt(offset, "txn has zxid 0x" + Long.toHexString(txn.zxid())
                                    + " where 0x" + Long.toHexString(expectedZxid) + " was expected");
                        } else {
                            sink.accept(offset, txn);
                            expectedZxid++;
                            offset = badEnd;
                            continue;
                        }
                    }
                }
            }
            return zerosFrom(in, badEnd) ? new TornTail(offset, problem)
                    : new Corrupt(offset, problem + ", and data follows it");
        }
    }

    private static Txn decode(ByteBuffer payload) {
        ByteBuf buf = Unpooled.wrappedBuffer(payload.duplicate());
        try {
            Txn txn = Txn.read(buf);
            return buf.isReadable() ? null : txn;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean zerosFrom(ByteBuffer in, int from) {
        for (int i = from; i < in.limit(); i++) {
            if (in.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
