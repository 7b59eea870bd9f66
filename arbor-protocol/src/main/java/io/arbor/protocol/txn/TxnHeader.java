package io.arbor.protocol.txn;

import io.arbor.protocol.Jute;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/** Who asked (session, cxid), where it falls in the history (zxid), when (ms), and what (op code). */
public record TxnHeader(long sessionId, int cxid, long zxid, long time, int type) implements Record {
    public static TxnHeader read(ByteBuf in) {
        return new TxnHeader(Jute.readLong(in), Jute.readInt(in), Jute.readLong(in), Jute.readLong(in), Jute.readInt(in));
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(sessionId).writeInt(cxid).writeLong(zxid).writeLong(time).writeInt(type);
    }
}
