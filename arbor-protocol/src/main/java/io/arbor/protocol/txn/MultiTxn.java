package io.arbor.protocol.txn;

import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The ops of a multi that all passed PREPARE, applied together under one zxid. */
public record MultiTxn(List<TxnBody> ops) implements TxnBody {
    public static MultiTxn read(ByteBuf in) {
        int n = Jute.readCount(in, 4);
        List<TxnBody> ops = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            int type = Jute.readInt(in);
            ops.add(TxnBody.read(type, in));
        }
        return new MultiTxn(ops);
    }

    @Override
    public int type() {
        return OpCode.MULTI;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(ops.size());
        for (TxnBody op : ops) {
            out.writeInt(op.type());
            op.write(out);
        }
    }
}
