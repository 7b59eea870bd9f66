package io.arbor.server.replication;

import io.arbor.protocol.Jute;
import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.txn.Txn;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * One Raft log entry: the Raft term the leader prepared its txns in, then the items its PREPARE produced since
 * the previous entry, in order (a count, then each item: a kind byte, then a txn or a forwarded request's
 * answer; see {@link LogItem}). Batching is the ensemble's group commit: one
 * replication round carries every txn that queued while the previous round ran. The term lets every member
 * drop, alike, an entry whose txns were prepared on a state that is no longer the log's (see
 * {@link TxnStateMachine}).
 */
public final class TxnBatch {
    /** More txns than an entry of the largest size could hold: a garbled count. */
    private static final int MAX_TXNS = 1 << 20;

    private TxnBatch() {}

    private static final byte WRITE = 1;
    private static final byte ANSWER = 2;

    /** What an entry holds: the term its items were prepared in, and the items. */
    public record Batch(long preparedTerm, List<LogItem> items) {
        /** The txns among the items, in order. */
        public List<Txn> txns() {
            List<Txn> out = new ArrayList<>();
            for (LogItem i : items) {
                if (i instanceof LogItem.Write w) {
                    out.add(w.txn());
                }
            }
            return out;
        }
    }

    /** An entry of txns only. */
    public static ByteString encode(long preparedTerm, List<Txn> txns) {
        List<LogItem> items = new ArrayList<>(txns.size());
        for (Txn t : txns) {
            items.add(new LogItem.Write(t));
        }
        return encodeItems(preparedTerm, items);
    }

    public static ByteString encodeItems(long preparedTerm, List<LogItem> items) {
        ByteBuf buf = Unpooled.buffer(64 + 128 * items.size());
        try {
            buf.writeLong(preparedTerm);
            buf.writeInt(items.size());
            for (LogItem i : items) {
                if (i instanceof LogItem.Write w) {
                    buf.writeByte(WRITE);
                    buf.writeLong(w.forwardedBy());
                    w.txn().write(buf);
                } else if (i instanceof LogItem.Answer a) {
                    buf.writeByte(ANSWER);
                    buf.writeLong(a.forwardedBy());
                    buf.writeLong(a.sessionId());
                    buf.writeInt(a.xid());
                    buf.writeInt(a.err());
                    Jute.writeIntVector(buf, a.multiErrors());
                }
            }
            return ByteString.copyFrom(buf.nioBuffer());
        } finally {
            buf.release();
        }
    }

    public static Batch decode(ByteString bytes) {
        try {
            return read(Unpooled.wrappedBuffer(bytes.asReadOnlyByteBuffer()));
        } catch (IndexOutOfBoundsException e) {
            throw new ProtocolException("a txn batch ends early: " + e.getMessage());
        }
    }

    private static Batch read(ByteBuf in) {
        if (in.readableBytes() < Long.BYTES + Integer.BYTES) {
            throw new ProtocolException("a txn batch of " + in.readableBytes() + " bytes has no header");
        }
        long term = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > MAX_TXNS || n > in.readableBytes()) {
            throw new ProtocolException("a txn batch of " + n + " items in " + in.readableBytes() + " bytes");
        }
        List<LogItem> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte kind = in.readByte();
            if (kind == WRITE) {
                long by = in.readLong();
                out.add(new LogItem.Write(by, Txn.read(in)));
            } else if (kind == ANSWER) {
                long by = in.readLong();
                long sessionId = in.readLong();
                int xid = in.readInt();
                int err = in.readInt();
                out.add(new LogItem.Answer(by, sessionId, xid, err, Jute.readIntVector(in)));
            } else {
                throw new ProtocolException("a log item of kind " + kind);
            }
        }
        if (in.isReadable()) {
            throw new ProtocolException(in.readableBytes() + " bytes after the last item of a batch");
        }
        return new Batch(term, out);
    }
}
