package io.arbor.protocol;

import io.netty.buffer.ByteBuf;

/** A znode's metadata as the wire carries it (68 bytes). Times are ms since the epoch. */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion, int aversion,
                   long ephemeralOwner, int dataLength, int numChildren, long pzxid) implements Record {
    public static final int BYTES = 68;

    public static Stat read(ByteBuf in) {
        if (in.readableBytes() < BYTES) {
            throw new ProtocolException("Stat truncated");
        }
        return new Stat(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readInt(),
                in.readInt(), in.readLong(), in.readInt(), in.readInt(), in.readLong());
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(czxid).writeLong(mzxid).writeLong(ctime).writeLong(mtime);
        out.writeInt(version).writeInt(cversion).writeInt(aversion);
        out.writeLong(ephemeralOwner).writeInt(dataLength).writeInt(numChildren).writeLong(pzxid);
    }
}
