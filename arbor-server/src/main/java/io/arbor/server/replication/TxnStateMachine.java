package io.arbor.server.replication;

import io.arbor.protocol.txn.Txn;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of one Arbor server: each committed log entry is a {@link TxnBatch}, whose txns are
 * handed to {@code applier} (this server's APPLY) in log order. Ratis calls {@link #applyTransaction} one entry
 * at a time, in order; the entry counts as applied once the applier has taken it.
 *
 * <p>An entry whose txns were prepared in another term than the one it was appended in is skipped, by every
 * member alike: its leader prepared it, lost the leadership, and won it again before appending, so its txns may
 * build on a state that a leader in between changed. Its requests were never answered (their connections were
 * dropped at the leader change).
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
    private final Consumer<List<Txn>> skipped;
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> appliedWaiters = new ConcurrentSkipListMap<>();
    private volatile LeadershipListener leadership = new LeadershipListener() { };

    public TxnStateMachine(Consumer<Txn> applier) {
        this(applier, txns -> { });
    }

    /** {@code skipped} hears the txns of an entry that is skipped (see the class comment). */
    public TxnStateMachine(Consumer<Txn> applier, Consumer<List<Txn>> skipped) {
        this.applier = applier;
        this.skipped = skipped;
    }

    public void onLeadership(LeadershipListener listener) {
        this.leadership = listener;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        TxnBatch.Batch batch;
        try {
            batch = TxnBatch.decode(entry.getStateMachineLogEntry().getLogData());
        } catch (RuntimeException e) {
            // a committed entry this server cannot read: stopping is the only safe answer (never skip a txn)
            LOG.error("Raft log entry {} (term {}) is not a txn this server can read", entry.getIndex(),
                    entry.getTerm(), e);
            return CompletableFuture.failedFuture(e);
        }
        if (batch.preparedTerm() != entry.getTerm()) {
            LOG.warn("Skipping Raft log entry {}: its {} txns were prepared in term {} but appended in term {}",
                    entry.getIndex(), batch.txns().size(), batch.preparedTerm(), entry.getTerm());
            skipped.accept(batch.txns());
        } else {
            batch.txns().forEach(applier);
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        releaseWaiters(entry.getIndex());
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        // configuration and leader no-op entries: not ours, but they move the applied index
        super.notifyTermIndexUpdated(term, index);
        releaseWaiters(index);
    }

    /** Completes once every entry up to {@code index} has been handed to the applier. */
    public CompletableFuture<Void> whenApplied(long index) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        TermIndex last = getLastAppliedTermIndex();
        if (last != null && last.getIndex() >= index) {
            f.complete(null);
            return f;
        }
        appliedWaiters.merge(index, f, (a, b) -> {
            a.whenComplete((v, t) -> b.complete(null));
            return a;
        });
        TermIndex now = getLastAppliedTermIndex();
        if (now != null) {
            releaseWaiters(now.getIndex()); // it may have moved while this waiter was added
        }
        return f;
    }

    private void releaseWaiters(long index) {
        Map<Long, CompletableFuture<Void>> due = appliedWaiters.headMap(index, true);
        for (var it = due.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            it.remove();
            e.getValue().complete(null);
        }
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
