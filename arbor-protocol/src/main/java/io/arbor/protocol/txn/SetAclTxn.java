package io.arbor.protocol.txn;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Replaces a node's ACL; {@code version} is the node's new aversion. */
public record SetAclTxn(String path, List<Acl> acl, int version) implements TxnBody {
    public static SetAclTxn read(ByteBuf in) {
        return new SetAclTxn(Jute.readString(in), Jute.readAclList(in), Jute.readInt(in));
    }

    @Override
    public int type() {
        return OpCode.SET_ACL;
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        Jute.writeAclList(out, acl);
        out.writeInt(version);
    }
}
