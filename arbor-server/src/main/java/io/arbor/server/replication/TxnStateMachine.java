package io.arbor.server.replication;

import io.arbor.protocol.txn.Txn;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
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

    private final Consumer<LogItem.Write> applier;
    private final Consumer<LogItem.Answer> answers;
    private final Consumer<List<Txn>> skipped;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private volatile StateSnapshots snapshots;
    private volatile int retainSnapshots = 3;
    private volatile long snapshotEvery = 1;
    private final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arbor-raft-snapshot");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean snapshotting = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong snapshotsLoaded = new java.util.concurrent.atomic.AtomicLong();
    /** The index of the newest snapshot written completely (-1: none). */
    private volatile long snapshotIndex = -1;
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> appliedWaiters = new ConcurrentSkipListMap<>();
    private volatile LeadershipListener leadership = new LeadershipListener() { };

    /**
     * @param applier takes each committed txn, in log order
     * @param answers takes each forwarded request's answer that travelled in the log, in its place among the txns
     * @param skipped hears the txns of an entry that is skipped (see the class comment)
     */
    public TxnStateMachine(Consumer<LogItem.Write> applier, Consumer<LogItem.Answer> answers,
            Consumer<List<Txn>> skipped) {
        this.applier = applier;
        this.answers = answers;
        this.skipped = skipped;
    }

    public void onLeadership(LeadershipListener listener) {
        this.leadership = listener;
    }

    /**
     * Takes a snapshot through {@code source} every {@code every} entries, keeping the newest {@code retain};
     * without a source, none are taken.
     */
    public void snapshotsThrough(StateSnapshots source, int retain, long every) {
        this.snapshots = source;
        this.retainSnapshots = Math.max(1, retain);
        this.snapshotEvery = Math.max(1, every);
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return storage.getLatestSnapshot();
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            loadLatestSnapshot();
        }, IOException.class);
    }

    /** Ratis stops applying before it installs a snapshot from the leader. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** A snapshot was installed from the leader (this member was too far behind): its state replaces ours. */
    @Override
    public void reinitialize() throws IOException {
        getLifeCycle().transition(LifeCycle.State.STARTING);
        loadLatestSnapshot();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    private void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo latest = storage.loadLatestSnapshot();
        StateSnapshots source = snapshots;
        if (latest == null || source == null) {
            return;
        }
        Path file = latest.getFile().getPath();
        LOG.info("Loading Raft snapshot {} (term {}, index {})", file, latest.getTerm(), latest.getIndex());
        source.load(file);
        snapshotsLoaded.incrementAndGet();
        setLastAppliedTermIndex(latest.getTermIndex());
        snapshotIndex = latest.getIndex();
    }

    /**
     * Ratis asks for a snapshot when enough entries were applied since the last one. The snapshot is written in
     * the background (APPLY goes on meanwhile); this returns the index of the newest snapshot that is complete,
     * so Ratis only ever drops log entries a finished snapshot covers.
     */
    @Override
    public long takeSnapshot() {
        StateSnapshots source = snapshots;
        TermIndex at = getLastAppliedTermIndex();
        // Ratis asks again after every entry until the index returned moves: a new snapshot starts only once the
        // last complete one is a full interval behind
        if (source == null || at == null || at.getIndex() - snapshotIndex < snapshotEvery
                || !snapshotting.compareAndSet(false, true)) {
            return snapshotIndex;
        }
        snapshotWriter.execute(() -> {
            try {
                File file = storage.getSnapshotFile(at.getTerm(), at.getIndex());
                long start = System.nanoTime();
                source.write(file.toPath());
                MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
                storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), at));
                snapshotIndex = at.getIndex();
                storage.cleanupOldSnapshots(new SnapshotRetentionPolicy() {
                    @Override
                    public int getNumSnapshotsRetained() {
                        return retainSnapshots;
                    }
                });
                LOG.info("Raft snapshot {} written in {} ms (term {}, index {})", file.getName(),
                        (System.nanoTime() - start) / 1_000_000, at.getTerm(), at.getIndex());
            } catch (IOException | RuntimeException e) {
                LOG.error("Raft snapshot at index {} failed; the log is kept until the next one", at.getIndex(), e);
            } finally {
                snapshotting.set(false);
            }
        });
        return snapshotIndex;
    }

    /** How many snapshots this member has loaded: at start, or installed from the leader. */
    public long snapshotsLoaded() {
        return snapshotsLoaded.get();
    }

    /** The index of the newest complete snapshot, -1 if none. */
    public long snapshotIndex() {
        return snapshotIndex;
    }

    @Override
    public void close() throws IOException {
        snapshotWriter.shutdownNow();
        super.close();
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
            LOG.warn("Skipping Raft log entry {}: its {} items were prepared in term {} but appended in term {}",
                    entry.getIndex(), batch.items().size(), batch.preparedTerm(), entry.getTerm());
            skipped.accept(batch.txns());
        } else {
            for (LogItem item : batch.items()) {
                if (item instanceof LogItem.Write w) {
                    applier.accept(w);
                } else if (item instanceof LogItem.Answer a) {
                    answers.accept(a);
                }
            }
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
