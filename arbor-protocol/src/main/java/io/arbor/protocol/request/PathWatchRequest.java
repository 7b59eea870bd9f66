package io.arbor.protocol.request;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** exists, getData, getChildren and getChildren2: a path and whether to leave a watch. */
public record PathWatchRequest(String path, boolean watch) implements Record {
    public static PathWatchRequest read(ByteBuf in) {
        return new PathWatchRequest(Jute.readString(in), Jute.readBool(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        Jute.writeBool(out, watch);
    }
}
