package io.arbor.protocol;

import io.netty.buffer.ByteBuf;

/** A watch notification's body (sent with xid -1). */
public record WatcherEvent(int type, int state, String path) implements Record {
    public static WatcherEvent read(ByteBuf in) {
        return new WatcherEvent(Jute.readInt(in), Jute.readInt(in), Jute.readString(in));
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(type).writeInt(state);
        Jute.writeString(out, path);
    }
}
