package io.arbor.protocol.txn;

import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.netty.buffer.ByteBuf;

public record DeleteTxn(String path) implements TxnBody {
    @Override
    public int type() {
        return OpCode.DELETE;
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
    }
}
