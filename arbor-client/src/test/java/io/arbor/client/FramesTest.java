package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.RequestHeader;
import io.arbor.protocol.request.PathRequest;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static final int MAX = 64;

    private static ByteBuf frame(int declaredLength, int bodyBytes) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(declaredLength);
        b.writeZero(bodyBytes);
        return b;
    }

    @Test
    void aFrameOfExactlyMaxBufferIsAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(Frames.decoder(MAX));
        ch.writeInbound(frame(MAX, MAX));
        ByteBuf body = ch.readInbound();
        assertThat(body.readableBytes()).isEqualTo(MAX);
        body.release();
    }

    @Test
    void aLongerFrameIsRefusedBeforeItArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(Frames.decoder(MAX));
        assertThatThrownBy(() -> ch.writeInbound(frame(MAX + 1, 0))).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void aNegativeLengthIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(Frames.decoder(MAX));
        // Netty reads the length unsigned, so -1 is refused as far too long
        assertThatThrownBy(() -> ch.writeInbound(frame(-1, 0))).isInstanceOf(DecoderException.class);
    }

    @Test
    void encodePrefixesTheLength() {
        ByteBuf out = Frames.encode(Unpooled.buffer().alloc(), new RequestHeader(7, OpCode.SYNC), new PathRequest("/a"));
        assertThat(out.readInt()).isEqualTo(out.readableBytes());
        assertThat(out.readInt()).isEqualTo(7);
        assertThat(out.readInt()).isEqualTo(OpCode.SYNC);
        out.release();
    }
}
