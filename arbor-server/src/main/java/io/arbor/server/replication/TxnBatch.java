package io.arbor.server.replication;

import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.txn.Txn;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * One Raft log entry: the txns the leader's PREPARE produced since the previous entry, in zxid order (a count,
 * then each txn). Batching is the ensemble's group commit: one replication round carries every txn that
 * queued while the previous round ran.
 */
public final class TxnBatch {
    /** More txns than an entry of the largest size could hold: a garbled count. */
    private static final int MAX_TXNS = 1 << 20;

    private TxnBatch() {}

    public static ByteString encode(List<Txn> txns) {
        ByteBuf buf = Unpooled.buffer(64 + 128 * txns.size());
        try {
            buf.writeInt(txns.size());
            for (Txn t : txns) {
                t.write(buf);
            }
            return ByteString.copyFrom(buf.nioBuffer());
        } finally {
            buf.release();
        }
    }

    public static List<Txn> decode(ByteString bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes.asReadOnlyByteBuffer());
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
        return out;
    }
}
