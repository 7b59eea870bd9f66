package io.arbor.server.replication;

import io.arbor.protocol.txn.Txn;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of one Arbor server: each committed log entry is one txn, handed to {@code applier}
 * (this server's APPLY) in log order. Ratis calls {@link #applyTransaction} one entry at a time, in order; the
 * entry counts as applied once the applier has taken it.
 */
public final class TxnStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(TxnStateMachine.class);

    /** Hears this server's view of leadership: who leads, and when this server may start preparing. */
    public interface LeadershipListener {
        /** {@code leader} is null while there is none. */
        default void leaderChanged(RaftPeerId leader) {
        }

        /** This server leads and every entry of earlier terms is committed (applied once the applier catches up). */
        default void leaderReady() {
        }
    }

    private final Consumer<Txn> applier;
    private volatile LeadershipListener leadership = new LeadershipListener() { };

    public TxnStateMachine(Consumer<Txn> applier) {
        this.applier = applier;
    }

    public void onLeadership(LeadershipListener listener) {
        this.leadership = listener;
    }

    /** The bytes a txn travels as in the Raft log. */
    public static ByteString encode(Txn txn) {
        ByteBuf buf = Unpooled.buffer(256);
        try {
            txn.write(buf);
            return ByteString.copyFrom(buf.nioBuffer());
        } finally {
            buf.release();
        }
    }

    static Txn decode(ByteString bytes) {
        return Txn.read(Unpooled.wrappedBuffer(bytes.asReadOnlyByteBuffer()));
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        Txn txn;
        try {
            txn = decode(entry.getStateMachineLogEntry().getLogData());
        } catch (RuntimeException e) {
            // a committed entry this server cannot read: stopping is the only safe answer (never skip a txn)
            LOG.error("Raft log entry {} (term {}) is not a txn this server can read", entry.getIndex(),
                    entry.getTerm(), e);
            return CompletableFuture.failedFuture(e);
        }
        applier.accept(txn);
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        leadership.leaderChanged(newLeaderId);
    }

    @Override
    public void notifyLeaderReady() {
        leadership.leaderReady();
    }
}
