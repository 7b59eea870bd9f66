package io.arbor.protocol.response;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.arbor.protocol.Stat;
import io.netty.buffer.ByteBuf;
import java.util.List;

public record GetAclResponse(List<Acl> acl, Stat stat) implements Record {
    public static GetAclResponse read(ByteBuf in) {
        return new GetAclResponse(Jute.readAclList(in), Stat.read(in));
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeAclList(out, acl);
        stat.write(out);
    }
}
