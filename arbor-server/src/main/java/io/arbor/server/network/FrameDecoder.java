package io.arbor.server.network;

import io.arbor.server.fourlw.FourLetterWords;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the stream into frames of a 4-byte big-endian length and a payload. The length is checked against
 * jute.maxbuffer before a byte of the payload is buffered. The first four bytes of a connection may instead
 * be a four-letter word, which is handed on as a {@link FourLetterWord}.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDecoder.class);

    /** A four-letter word read from the first bytes of a connection. */
    record FourLetterWord(String command) {}

    private final int maxFrame;
    private boolean first = true;
    private boolean failed;

    FrameDecoder(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int len = in.getInt(in.readerIndex());
        if (first) {
            first = false;
            String command = FourLetterWords.commandFor(len);
            if (command != null && command.equals("stmk") && in.readableBytes() < 12) {
                first = true; // stmk carries an 8-byte mask: wait for it, so it is not read as a frame
                return;
            }
            if (command != null) {
                in.skipBytes(command.equals("stmk") ? 12 : 4);
                out.add(new FourLetterWord(command));
                return;
            }
        }
        if (len < 0 || len > maxFrame) {
            failed = true;
            LOG.warn("Closing connection from {}: frame length {} is outside 0..{} (jute.maxbuffer)",
                    ctx.channel().remoteAddress(), len, maxFrame);
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (in.readableBytes() < 4 + len) {
            return;
        }
        in.skipBytes(4);
        out.add(in.readRetainedSlice(len));
    }
}
