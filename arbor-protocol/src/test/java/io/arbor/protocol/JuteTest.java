package io.arbor.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.protocol.request.CreateRequest;
import io.arbor.protocol.request.MultiOp;
import io.arbor.protocol.request.MultiRequest;
import io.arbor.protocol.request.PathVersionRequest;
import io.arbor.protocol.request.SetWatchesRequest;
import io.arbor.protocol.txn.CloseSessionTxn;
import io.arbor.protocol.txn.CreateTxn;
import io.arbor.protocol.txn.MultiTxn;
import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.protocol.txn.TxnHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class JuteTest {
    private static ByteBuf bytes(int... values) {
        ByteBuf b = Unpooled.buffer();
        for (int v : values) {
            b.writeInt(v);
        }
        return b;
    }

    @Test
    void aStringLengthBeyondTheFrameIsRefusedBeforeAllocating() {
        ByteBuf in = bytes(Integer.MAX_VALUE);
        assertThatThrownBy(() -> Jute.readString(in)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> Jute.readBuffer(bytes(-2))).isInstanceOf(ProtocolException.class);
        assertThat(Jute.readBuffer(bytes(-1))).isNull();
    }

    @Test
    void aVectorCountBeyondTheFrameIsRefused() {
        // 1,000,000 ACLs claimed in a 4-byte frame: refused, nothing allocated.
        assertThatThrownBy(() -> Jute.readAclList(bytes(1_000_000))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Jute.readStringList(bytes(-7))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void truncatedPrimitivesAreRefused() {
        ByteBuf in = Unpooled.buffer().writeShort(1);
        assertThatThrownBy(() -> Jute.readInt(in)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Jute.readLong(Unpooled.buffer().writeInt(1))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Stat.read(Unpooled.buffer().writeLong(1))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void stringsRoundTripInUtf8WithTheByteLength() {
        ByteBuf b = Unpooled.buffer();
        Jute.writeString(b, "/grüße");
        assertThat(b.getInt(0)).isEqualTo("/grüße".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(Jute.readString(b)).isEqualTo("/grüße");
        Jute.writeString(b, null);
        assertThat(Jute.readString(b)).isNull();
    }

    @Test
    void connectRequestWithAndWithoutTheReadOnlyByte() {
        ConnectRequest with = new ConnectRequest(0, 5, 30000, 0, new byte[16], true, true);
        ByteBuf b = Unpooled.buffer();
        with.write(b);
        assertThat(b.readableBytes()).isEqualTo(45);
        ConnectRequest back = ConnectRequest.read(b);
        assertThat(back.readOnlyPresent()).isTrue();
        assertThat(back.readOnly()).isTrue();

        ConnectRequest old = new ConnectRequest(0, 5, 30000, 0, new byte[16], false, false);
        ByteBuf b2 = Unpooled.buffer();
        old.write(b2);
        assertThat(b2.readableBytes()).isEqualTo(44);
        assertThat(ConnectRequest.read(b2).readOnlyPresent()).isFalse();
    }

    @Test
    void multiRequestRoundTripsAndRefusesOpsNotAllowedInAMulti() {
        MultiRequest m = new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, new CreateRequest("/a", new byte[] {1}, Acl.OPEN_ACL_UNSAFE, 0, -1)),
                new MultiOp(OpCode.CHECK, new PathVersionRequest("/a", 3)),
                new MultiOp(OpCode.DELETE, new PathVersionRequest("/b", -1))));
        ByteBuf b = Unpooled.buffer();
        m.write(b);
        MultiRequest back = MultiRequest.read(b);
        assertThat(back.ops()).extracting(MultiOp::type).containsExactly(OpCode.CREATE, OpCode.CHECK, OpCode.DELETE);
        assertThat(back.ops().get(1).request()).isEqualTo(new PathVersionRequest("/a", 3));

        ByteBuf bad = Unpooled.buffer().writeInt(OpCode.SYNC).writeByte(0).writeInt(-1);
        assertThatThrownBy(() -> MultiRequest.read(bad)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void setWatchesCarriesPersistentListsOnlyInVersionTwo() {
        SetWatchesRequest v1 = new SetWatchesRequest(9, List.of("/d"), List.of("/e"), List.of("/c"), List.of(), List.of());
        ByteBuf b = Unpooled.buffer();
        v1.write(b);
        SetWatchesRequest back = SetWatchesRequest.read(b, false);
        assertThat(back).isEqualTo(v1);
        assertThat(b.isReadable()).isFalse();
    }

    @Test
    void txnsRoundTrip() {
        Txn txn = new Txn(new TxnHeader(0x1234L, 7, 0x100000002L, 1000L, OpCode.MULTI), new MultiTxn(List.of(
                new CreateTxn("/x", new byte[] {9}, Acl.OPEN_ACL_UNSAFE, EphemeralOwner.ttl(5000), 3),
                new SetDataTxn("/y", new byte[0], 4),
                new CloseSessionTxn(List.of("/e1", "/e2")))));
        ByteBuf b = Unpooled.buffer();
        txn.write(b);
        Txn back = Txn.read(b);
        assertThat(back.header()).isEqualTo(txn.header());
        MultiTxn ops = (MultiTxn) back.body();
        assertThat(((CreateTxn) ops.ops().get(0)).ephemeralOwner()).isEqualTo(EphemeralOwner.ttl(5000));
        assertThat(ops.ops().get(2)).isEqualTo(new CloseSessionTxn(List.of("/e1", "/e2")));
    }

    @Test
    void ephemeralOwnerEncodings() {
        assertThat(EphemeralOwner.isContainer(Long.MIN_VALUE)).isTrue();
        assertThat(EphemeralOwner.isTtl(EphemeralOwner.ttl(1))).isTrue();
        assertThat(EphemeralOwner.ttlMillis(EphemeralOwner.ttl(123_456))).isEqualTo(123_456);
        assertThat(EphemeralOwner.isSession(0x0100_0000_0000_0001L)).isTrue();
        assertThat(EphemeralOwner.isSession(0)).isFalse();
        assertThat(EphemeralOwner.isSession(Long.MIN_VALUE)).isFalse();
    }
}
