package io.arbor.protocol.request;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** delete and check: a path and the version it must have (-1 for any). */
public record PathVersionRequest(String path, int version) implements Record {
    public static PathVersionRequest read(ByteBuf in) {
        return new PathVersionRequest(Jute.readString(in), Jute.readInt(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        out.writeInt(version);
    }
}
