package io.arbor.protocol.request;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** create, create2, createContainer and (with {@code ttl}) createTTL. {@code ttl} is -1 when not sent. */
public record CreateRequest(String path, byte[] data, List<Acl> acl, int flags, long ttl) implements Record {
    public static CreateRequest read(ByteBuf in, boolean withTtl) {
        String path = Jute.readString(in);
        byte[] data = Jute.readBuffer(in);
        List<Acl> acl = Jute.readAclList(in);
        int flags = Jute.readInt(in);
        long ttl = withTtl ? Jute.readLong(in) : -1;
        return new CreateRequest(path, data, acl, flags, ttl);
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        Jute.writeBuffer(out, data);
        Jute.writeAclList(out, acl);
        out.writeInt(flags);
        if (ttl != -1) {
            out.writeLong(ttl);
        }
    }
}
