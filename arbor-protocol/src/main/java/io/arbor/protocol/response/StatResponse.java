package io.arbor.protocol.response;

import io.arbor.protocol.Record;
import io.arbor.protocol.Stat;
import io.netty.buffer.ByteBuf;

/** exists, setData and setACL answer with a Stat alone. */
public record StatResponse(Stat stat) implements Record {
    public static StatResponse read(ByteBuf in) {
        return new StatResponse(Stat.read(in));
    }

    @Override
    public void write(ByteBuf out) {
        stat.write(out);
    }
}
