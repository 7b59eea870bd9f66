package io.arbor.protocol.request;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** addWatch (mode: 0 persistent, 1 recursive), checkWatches and removeWatches (a WatcherType). */
public record PathModeRequest(String path, int mode) implements Record {
    public static PathModeRequest read(ByteBuf in) {
        return new PathModeRequest(Jute.readString(in), Jute.readInt(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        out.writeInt(mode);
    }
}
