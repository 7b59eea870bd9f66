package io.arbor.server.replication;

import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.txn.Txn;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * One Raft log entry: the Raft term the leader prepared its txns in, then the txns its PREPARE produced since the
 * previous entry, in zxid order (a count, then each txn). Batching is the ensemble's group commit: one
 * replication round carries every txn that queued while the previous round ran. The term lets every member
 * drop, alike, an entry whose txns were prepared on a state that is no longer the log's (see
 * {@link TxnStateMachine}).
 */
public final class TxnBatch {
    /** More txns than an entry of the largest size could hold: a garbled count. */
    private static final int MAX_TXNS = 1 << 20;

    private TxnBatch() {}

    /** What an entry holds: the term its txns were prepared in, and the txns. */
    public record Batch(long preparedTerm, List<Txn> txns) {}

    public static ByteString encode(long preparedTerm, List<Txn> txns) {
        ByteBuf buf = Unpooled.buffer(64 + 128 * txns.size());
        try {
            buf.writeLong(preparedTerm);
            buf.writeInt(txns.size());
            for (Txn t : txns) {
                t.write(buf);
            }
            return ByteString.copyFrom(buf.nioBuffer());
        } finally {
            buf.release();
        }
    }

    public static Batch decode(ByteString bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes.asReadOnlyByteBuffer());
        if (in.readableBytes() < Long.BYTES + Integer.BYTES) {
            throw new ProtocolException("a txn batch of " + in.readableBytes() + " bytes has no header");
        }
        long term = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > MAX_TXNS || n > in.readableBytes()) {
            throw new ProtocolException("a txn batch of " + n + " txns in " + in.readableBytes() + " bytes");
        }
        List<Txn> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Txn.read(in));
        }
        if (in.isReadable()) {
            throw new ProtocolException(in.readableBytes() + " bytes after the last txn of a batch");
        }
        return new Batch(term, out);
    }
}
