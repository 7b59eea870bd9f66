package io.arbor.protocol.response;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** create (the final path, with a sequential suffix) and sync (the path synced). */
public record PathResponse(String path) implements Record {
    public static PathResponse read(ByteBuf in) {
        return new PathResponse(Jute.readString(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
    }
}
