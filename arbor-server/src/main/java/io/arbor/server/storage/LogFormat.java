package io.arbor.server.storage;

import io.arbor.protocol.txn.Txn;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Arbor's txn log format (its own, not ZooKeeper's).
 *
 * <p>The log lives in {@code <dataLogDir>/version-2/} as segment files named {@code log.<zxid>}, the zxid of
 * the segment's first txn in lowercase hex without leading zeros. A segment is:
 *
 * <pre>
 *   header   4 bytes  magic "ARBL"
 *            4 bytes  format version (int, big-endian), {@value #VERSION}
 *            8 bytes  zxid of the first txn (long), equal to the one in the file name
 *   records  4 bytes  payload length (int, &gt; 0)
 *            4 bytes  CRC32C of the payload (int)
 *            n bytes  payload: one {@link Txn} as {@link Txn#write} encodes it
 *   padding  zeros up to the pre-allocated size
 * </pre>
 *
 * A record length of 0 ends the records: what follows is padding. Segments are grown in pre-allocation steps
 * so that an append rarely changes the file size (an fsync then has no metadata to write). Txn zxids are
 * consecutive, within a segment and from one segment to the next.
 */
public final class LogFormat {
    public static final String DIRECTORY = "version-2";
    public static final String PREFIX = "log.";
    public static final int MAGIC = ('A' << 24) | ('R' << 16) | ('B' << 8) | 'L';
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 16;
    public static final int RECORD_HEADER_BYTES = 8;

    private LogFormat() {
    }

    /** The directory the segments of {@code dataLogDir} live in. */
    public static Path segmentDir(Path dataLogDir) {
        return dataLogDir.resolve(DIRECTORY);
    }

    static String fileName(long firstZxid) {
        return PREFIX + Long.toHexString(firstZxid);
    }

    /** The first zxid a segment file name carries, or -1 if the name is not a segment's. */
    static long firstZxidOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length() || name.length() > PREFIX.length() + 16) {
            return -1;
        }
        for (int i = PREFIX.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return -1;
            }
        }
        return Long.parseUnsignedLong(name.substring(PREFIX.length()), 16);
    }

    static ByteBuffer header(long firstZxid) {
        return ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putLong(firstZxid).flip();
    }

    /**
     * Appends one framed record of {@code txn} to {@code out}; {@code crc} is reused (reset here).
     *
     * @return the payload length
     */
    static int writeRecord(Txn txn, ByteBuf out, CRC32C crc) {
        int start = out.writerIndex();
        out.writeLong(0); // length and CRC, filled in below
        txn.write(out);
        int length = out.writerIndex() - start - RECORD_HEADER_BYTES;
        crc.reset();
        crc.update(out.nioBuffer(start + RECORD_HEADER_BYTES, length));
        out.setInt(start, length);
        out.setInt(start + 4, (int) crc.getValue());
        return length;
    }
}
