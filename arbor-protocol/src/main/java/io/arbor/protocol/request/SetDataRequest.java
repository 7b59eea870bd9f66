package io.arbor.protocol.request;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

public record SetDataRequest(String path, byte[] data, int version) implements Record {
    public static SetDataRequest read(ByteBuf in) {
        return new SetDataRequest(Jute.readString(in), Jute.readBuffer(in), Jute.readInt(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        Jute.writeBuffer(out, data);
        out.writeInt(version);
    }
}
