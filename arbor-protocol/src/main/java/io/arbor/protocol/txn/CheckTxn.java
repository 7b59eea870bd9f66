package io.arbor.protocol.txn;

import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.netty.buffer.ByteBuf;

/** A version check inside a multi that passed in PREPARE; it changes nothing when applied. */
public record CheckTxn(String path, int version) implements TxnBody {
    @Override
    public int type() {
        return OpCode.CHECK;
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeString(out, path);
        out.writeInt(version);
    }
}
