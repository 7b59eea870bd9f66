package io.arbor.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.protocol.Id;
import io.arbor.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer link's messages survive a round trip, and a garbled one is refused before anything is allocated. */
class PeerCodecTest {
    private static PeerMessage roundTrip(PeerMessage m) {
        ByteBuf buf = Unpooled.buffer();
        PeerCodec.write(m, buf);
        return PeerCodec.read(buf);
    }

    @Test
    void everyMessageComesBackAsItWasSent() {
        assertThat(roundTrip(new PeerMessage.Hello(3))).isEqualTo(new PeerMessage.Hello(3));
        assertThat(roundTrip(new PeerMessage.Welcome(0x100000007L))).isEqualTo(new PeerMessage.Welcome(0x100000007L));
        assertThat(roundTrip(new PeerMessage.Touch(List.of(1L, 2L)))).isEqualTo(new PeerMessage.Touch(List.of(1L, 2L)));
        assertThat(roundTrip(new PeerMessage.Reattach(9))).isEqualTo(new PeerMessage.Reattach(9));
        assertThat(roundTrip(new PeerMessage.Reattached(9, true, 44))).isEqualTo(new PeerMessage.Reattached(9, true, 44));

        PeerMessage.Forward f = (PeerMessage.Forward) roundTrip(new PeerMessage.Forward(5, 7, 1,
                List.of(new Id("digest", "u:x"), Id.ANYONE), 4000, new byte[] {1, 2}, new byte[] {3}));
        assertThat(f.sessionId()).isEqualTo(5);
        assertThat(f.xid()).isEqualTo(7);
        assertThat(f.op()).isEqualTo(1);
        assertThat(f.authIds()).containsExactly(new Id("digest", "u:x"), Id.ANYONE);
        assertThat(f.timeout()).isEqualTo(4000);
        assertThat(f.password()).containsExactly(1, 2);
        assertThat(f.body()).containsExactly(3);

        PeerMessage.Answer a = (PeerMessage.Answer) roundTrip(new PeerMessage.Answer(5, 8, -101, 12, new int[] {0, -101}));
        assertThat(a.multiErrors()).containsExactly(0, -101);
        assertThat(((PeerMessage.Answer) roundTrip(new PeerMessage.Answer(5, 8, -101, 12, null))).multiErrors()).isNull();
    }

    @Test
    void garbledMessagesAreRefused() {
        // a touch claiming two billion ids in four bytes
        ByteBuf touch = Unpooled.buffer().writeByte(3).writeInt(Integer.MAX_VALUE).writeInt(0);
        assertThatThrownBy(() -> PeerCodec.read(touch)).isInstanceOf(ProtocolException.class);
        // an answer claiming a huge multi result
        ByteBuf answer = Unpooled.buffer().writeByte(5).writeLong(1).writeInt(1).writeInt(0).writeLong(0)
                .writeInt(1 << 30);
        assertThatThrownBy(() -> PeerCodec.read(answer)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> PeerCodec.read(Unpooled.buffer().writeByte(99))).isInstanceOf(ProtocolException.class);
        // trailing bytes
        ByteBuf hello = Unpooled.buffer().writeByte(1).writeLong(1).writeByte(0);
        assertThatThrownBy(() -> PeerCodec.read(hello)).isInstanceOf(ProtocolException.class);
    }
}
