package io.arbor.protocol.txn;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Creates a node at its final path. {@code ephemeralOwner} is the session id, 0, or the container or TTL
 * marker; {@code parentCVersion} is the parent's cversion after this create.
 */
public record CreateTxn(String path, byte[] data, List<Acl> acl, long ephemeralOwner, int parentCVersion)
        implements TxnBody {
    public static CreateTxn read(ByteBuf in) {
        return new CreateTxn(Jute.readString(in), Jute.readBuffer(in), Jute.readAclList(in), Jute.readLong(in),
                Jute.readInt(in));
    }

    @Override
    public int type() {
        return OpCode.CREATE;
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        Jute.writeBuffer(out, data);
        Jute.writeAclList(out, acl);
        out.writeLong(ephemeralOwner);
        out.writeInt(parentCVersion);
    }
}
