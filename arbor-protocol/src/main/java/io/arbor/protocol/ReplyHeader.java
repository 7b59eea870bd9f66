package io.arbor.protocol;

import io.netty.buffer.ByteBuf;

/** Precedes every reply: the xid it answers, the server's last processed zxid, an error code. */
public record ReplyHeader(int xid, long zxid, int err) implements Record {
    public static final int BYTES = 16;

    public static ReplyHeader read(ByteBuf in) {
        return new ReplyHeader(Jute.readInt(in), Jute.readLong(in), Jute.readInt(in));
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(xid).writeLong(zxid).writeInt(err);
    }
}
