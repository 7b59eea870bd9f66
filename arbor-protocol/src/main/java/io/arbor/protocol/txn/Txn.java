package io.arbor.protocol.txn;

import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** A header and its body: the unit of the log, of replication and of APPLY. */
public record Txn(TxnHeader header, TxnBody body) implements Record {
    public static Txn read(ByteBuf in) {
        TxnHeader header = TxnHeader.read(in);
        return new Txn(header, TxnBody.read(header.type(), in));
    }

    public long zxid() {
        return header.zxid();
    }

    @Override
    public void write(ByteBuf out) {
        header.write(out);
        body.write(out);
    }
}
