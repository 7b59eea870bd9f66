package io.arbor.protocol.txn;

import io.arbor.protocol.Jute;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/**
 * A deterministic change to the tree, fully decided by PREPARE: applying the same txns in zxid order to the
 * same tree always gives the same tree, which is what recovery and replication rely on.
 */
public sealed interface TxnBody extends Record
        permits CreateTxn, DeleteTxn, SetDataTxn, SetAclTxn, CheckTxn, MultiTxn, CreateSessionTxn,
                CloseSessionTxn, ErrorTxn {

    /** The txn type as logged (an op code). */
    int type();

    static TxnBody read(int type, ByteBuf in) {
        return switch (type) {
            case OpCode.CREATE -> CreateTxn.read(in);
            case OpCode.DELETE -> new DeleteTxn(Jute.readString(in));
            case OpCode.SET_DATA -> SetDataTxn.read(in);
            case OpCode.SET_ACL -> SetAclTxn.read(in);
            case OpCode.CHECK -> new CheckTxn(Jute.readString(in), Jute.readInt(in));
            case OpCode.MULTI -> MultiTxn.read(in);
            case OpCode.CREATE_SESSION -> CreateSessionTxn.read(in);
            case OpCode.CLOSE_SESSION -> CloseSessionTxn.read(in);
            case OpCode.ERROR -> new ErrorTxn(Jute.readInt(in));
            default -> throw new ProtocolException("unknown txn type " + type);
        };
    }
}
