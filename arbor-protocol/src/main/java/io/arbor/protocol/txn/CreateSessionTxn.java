package io.arbor.protocol.txn;

import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.netty.buffer.ByteBuf;

/**
 * A new session (its id is the header's sessionId) with its negotiated timeout and its password, so that
 * a recovered or replicated server can re-attach the client.
 */
public record CreateSessionTxn(int timeout, byte[] password) implements TxnBody {
    public static CreateSessionTxn read(ByteBuf in) {
        return new CreateSessionTxn(Jute.readInt(in), Jute.readBuffer(in));
    }

    @Override
    public int type() {
        return OpCode.CREATE_SESSION;
    }

    @Override
    public void write(ByteBuf out) {
        out.writeInt(timeout);
        Jute.writeBuffer(out, password);
    }
}
