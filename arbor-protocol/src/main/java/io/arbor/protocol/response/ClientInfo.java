package io.arbor.protocol.response;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** One authenticated identity of a connection, as whoAmI returns it. */
public record ClientInfo(String authScheme, String user) implements Record {
    public static ClientInfo read(ByteBuf in) {
        return new ClientInfo(Jute.readString(in), Jute.readString(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, authScheme);
        Jute.writeString(out, user);
    }
}
