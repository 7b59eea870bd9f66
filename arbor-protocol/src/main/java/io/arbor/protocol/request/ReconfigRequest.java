package io.arbor.protocol.request;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

public record ReconfigRequest(String joiningServers, String leavingServers, String newMembers, long curConfigId)
        implements Record {
    public static ReconfigRequest read(ByteBuf in) {
        return new ReconfigRequest(Jute.readString(in), Jute.readString(in), Jute.readString(in), Jute.readLong(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, joiningServers);
        Jute.writeString(out, leavingServers);
        Jute.writeString(out, newMembers);
        out.writeLong(curConfigId);
    }
}
