package io.arbor.protocol.response;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** A single int body: getAllChildrenNumber's count, addWatch's ErrorResponse{err=0}, a multi's ErrorResult. */
public record IntResponse(int value) implements Record {
    public static final IntResponse ZERO = new IntResponse(0);

    public static IntResponse read(ByteBuf in) {
        return new IntResponse(Jute.readInt(in));
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(value);
    }
}
