package io.arbor.protocol.txn;

import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.netty.buffer.ByteBuf;

/** Replaces a node's data; {@code version} is the node's new version. */
public record SetDataTxn(String path, byte[] data, int version) implements TxnBody {
    public static SetDataTxn read(ByteBuf in) {
        return new SetDataTxn(Jute.readString(in), Jute.readBuffer(in), Jute.readInt(in));
    }

    @Override
    public int type() {
        return OpCode.SET_DATA;
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        Jute.writeBuffer(out, data);
        out.writeInt(version);
    }
}
