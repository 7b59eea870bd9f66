package io.arbor.protocol.request;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;
import java.util.List;

public record SetAclRequest(String path, List<Acl> acl, int version) implements Record {
    public static SetAclRequest read(ByteBuf in) {
        return new SetAclRequest(Jute.readString(in), Jute.readAclList(in), Jute.readInt(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        Jute.writeAclList(out, acl);
        out.writeInt(version);
    }
}
