package io.arbor.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** One ACL entry: permission bits (see {@link Perms}) granted to an {@link Id}. */
public record Acl(int perms, Id id) implements Record {
    public static final List<Acl> OPEN_ACL_UNSAFE = List.of(new Acl(Perms.ALL, Id.ANYONE));
    public static final List<Acl> READ_ACL_UNSAFE = List.of(new Acl(Perms.READ, Id.ANYONE));
    public static final List<Acl> CREATOR_ALL_ACL = List.of(new Acl(Perms.ALL, Id.AUTH));

    public static Acl read(ByteBuf in) {
        return new Acl(Jute.readInt(in), Id.read(in));
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(perms);
        id.write(out);
    }
}
