package io.arbor.protocol.request;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** addAuth: a scheme and its credentials (sent with xid -4). */
public record AuthPacket(int type, String scheme, byte[] auth) implements Record {
    public static AuthPacket read(ByteBuf in) {
        return new AuthPacket(Jute.readInt(in), Jute.readString(in), Jute.readBuffer(in));
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(type);
        Jute.writeString(out, scheme);
        Jute.writeBuffer(out, auth);
    }
}
