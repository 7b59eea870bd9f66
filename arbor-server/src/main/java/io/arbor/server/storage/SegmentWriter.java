package io.arbor.server.storage;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The segment being appended to: writes at a position it tracks, and grows the file in pre-allocation steps
 * ahead of the writes (one zero byte at the new end, as the file system then reads the gap as zeros).
 */
final class SegmentWriter implements AutoCloseable {
    private static final ByteBuffer ZERO = ByteBuffer.allocateDirect(1);

    private final Path file;
    private final FileChannel channel;
    private final long preAllocBytes;
    private long position;
    private long allocated;

    private SegmentWriter(Path file, FileChannel channel, long preAllocBytes, long position) throws IOException {
        this.file = file;
        this.channel = channel;
        this.preAllocBytes = preAllocBytes;
        this.position = position;
        this.allocated = channel.size();
    }

    /** A new segment (an existing file of that name, necessarily without txns, is overwritten). */
    static SegmentWriter create(Path dir, long firstZxid, long preAllocBytes) throws IOException {
        Path file = dir.resolve(LogFormat.fileName(firstZxid));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            SegmentWriter w = new SegmentWriter(file, ch, preAllocBytes, 0);
            ByteBuffer header = LogFormat.header(firstZxid);
            w.reserve(header.remaining());
            w.writeFully(header);
            return w;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reopens a segment this process wrote, to write again from {@code position} (after a failed write). */
    static SegmentWriter reopen(Path file, long position, long preAllocBytes) throws IOException {
        return new SegmentWriter(file, FileChannel.open(file, StandardOpenOption.WRITE), preAllocBytes, position);
    }

    Path file() {
        return file;
    }

    /** Where the next record goes; also the bytes of header and records written so far. */
    long position() {
        return position;
    }

    /** Writes all of {@code buf} (its readable bytes) at the current position. */
    void append(ByteBuf buf) throws IOException {
        reserve(buf.readableBytes());
        writeFully(buf.nioBuffer());
    }

    FileChannel channel() {
        return channel;
    }

    private void reserve(int bytes) throws IOException {
        long end = position + bytes;
        if (end <= allocated) {
            return;
        }
        long size = (end + preAllocBytes - 1) / preAllocBytes * preAllocBytes;
        channel.write(ZERO.duplicate(), size - 1);
        allocated = size;
    }

    private void writeFully(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
