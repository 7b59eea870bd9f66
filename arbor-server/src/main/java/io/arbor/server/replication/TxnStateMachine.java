package io.arbor.server.replication;

import io.arbor.protocol.txn.Txn;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of one Arbor server: each committed log entry is a {@link TxnBatch}, whose txns are
 * handed to {@code applier} (this server's APPLY) in log order. Ratis calls {@link #applyTransaction} one entry at a time, in order; the
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

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        java.util.List<Txn> txns;
        try {
            txns = TxnBatch.decode(entry.getStateMachineLogEntry().getLogData());
        } catch (RuntimeException e) {
            // a committed entry this server cannot read: stopping is the only safe answer (never skip a txn)
            LOG.error("Raft log entry {} (term {}) is not a txn this server can read", entry.getIndex(),
                    entry.getTerm(), e);
            return CompletableFuture.failedFuture(e);
        }
        txns.forEach(applier);
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
