package io.arbor.protocol.request;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** getACL, sync, getAllChildrenNumber, getEphemerals and deleteContainer: just a path. */
public record PathRequest(String path) implements Record {
    public static PathRequest read(ByteBuf in) {
        return new PathRequest(Jute.readString(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
    }
}
