package io.arbor.client;

import io.arbor.protocol.Record;
import io.arbor.protocol.RequestHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** The wire's framing: a 4-byte big-endian length, then the record(s). Incoming frames are bounded by jute.maxbuffer. */
final class Frames {
    /** ZooKeeper's default jute.maxbuffer. */
    static final int DEFAULT_MAX_BUFFER = 0xfffff;

    private Frames() {}

    /** Splits the stream into frames, failing fast on a length below zero or above {@code maxBuffer}. */
    static LengthFieldBasedFrameDecoder decoder(int maxBuffer) {
        // the limit counts the length field itself; the body alone may be maxBuffer bytes
        return new LengthFieldBasedFrameDecoder(maxBuffer + 4, 0, 4, 0, 4, true);
    }

    /** One frame: the length, then the header (absent for the handshake), then the body (absent for pings). */
    static ByteBuf encode(ByteBufAllocator alloc, RequestHeader header, Record body) {
        ByteBuf out = alloc.buffer();
        out.writeInt(0);
        if (header != null) {
            header.write(out);
        }
        if (body != null) {
            body.write(out);
        }
        out.setInt(0, out.readableBytes() - 4);
        return out;
    }
}
