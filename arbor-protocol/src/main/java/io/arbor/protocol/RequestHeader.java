package io.arbor.protocol;

import io.netty.buffer.ByteBuf;

/** Precedes every request after the handshake: the client's xid and the op code. */
public record RequestHeader(int xid, int type) implements Record {
    public static RequestHeader read(ByteBuf in) {
        return new RequestHeader(Jute.readInt(in), Jute.readInt(in));
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(xid).writeInt(type);
    }
}
