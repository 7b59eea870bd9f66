package io.arbor.protocol.response;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.arbor.protocol.Stat;
import io.netty.buffer.ByteBuf;

/** create2, createContainer and createTTL: the final path and the new node's Stat. */
public record Create2Response(String path, Stat stat) implements Record {
    public static Create2Response read(ByteBuf in) {
        return new Create2Response(Jute.readString(in), Stat.read(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        stat.write(out);
    }
}
