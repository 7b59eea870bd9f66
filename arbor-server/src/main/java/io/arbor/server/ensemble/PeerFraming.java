package io.arbor.server.ensemble;

import io.arbor.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.List;

/** A peer link's framing: a 4-byte length (bounded before anything is read), then one {@link PeerMessage}. */
final class PeerFraming {
    private PeerFraming() {}

    static void install(ChannelPipeline p, int maxFrame) {
        p.addLast("frames", new LengthFieldBasedFrameDecoder(maxFrame, 0, 4, 0, 4));
        p.addLast("length", new LengthFieldPrepender(4));
        p.addLast("decode", new MessageToMessageDecoder<ByteBuf>() {
            @Override
            protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
                try {
                    out.add(PeerCodec.read(frame));
                } catch (IndexOutOfBoundsException e) {
                    throw new ProtocolException("a peer message ends early: " + e.getMessage());
                }
            }
        });
        p.addLast("encode", new MessageToByteEncoder<PeerMessage>() {
            @Override
            protected void encode(ChannelHandlerContext ctx, PeerMessage m, ByteBuf out) {
                PeerCodec.write(m, out);
            }
        });
    }
}
