package io.arbor.protocol.response;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.arbor.protocol.Stat;
import io.netty.buffer.ByteBuf;

public record GetDataResponse(byte[] data, Stat stat) implements Record {
    public static GetDataResponse read(ByteBuf in) {
        return new GetDataResponse(Jute.readBuffer(in), Stat.read(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeBuffer(out, data);
        stat.write(out);
    }
}
