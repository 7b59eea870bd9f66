package io.arbor.protocol.txn;

import io.arbor.protocol.OpCode;
import io.netty.buffer.ByteBuf;

/** A request that failed in PREPARE; logged nowhere, but it keeps its place in the reply order. */
public record ErrorTxn(int err) implements TxnBody {
    @Override
    public int type() {
        return OpCode.ERROR;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(err);
    }
}
