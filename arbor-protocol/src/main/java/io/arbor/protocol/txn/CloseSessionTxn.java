package io.arbor.protocol.txn;

import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Ends the header's session and deletes its ephemerals. PREPARE lists them, including those whose create
 * was still in flight when the close was prepared, so that no ephemeral outlives its session.
 */
public record CloseSessionTxn(List<String> paths) implements TxnBody {
    public static CloseSessionTxn read(ByteBuf in) {
        return new CloseSessionTxn(Jute.nullToEmpty(Jute.readStringList(in)));
    }

    @Override
    public int type() {
        return OpCode.CLOSE_SESSION;
    }

    @Override
    public void write(ByteBuf out) {
        Jute.writeStringList(out, paths);
    }
}
