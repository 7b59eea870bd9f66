package io.arbor.server.replication;

import io.arbor.protocol.txn.Txn;
import io.arbor.server.pipeline.ApplyStage;
import io.arbor.server.pipeline.LogStage;
import io.arbor.server.pipeline.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the Raft log and APPLY, on every member.
 *
 * <p>On the leader it is PREPARE's LOG: the txns PREPARE hands over go into the Raft log in batches
 * ({@link TxnBatch}), one batch in flight at a time (Ratis does not keep the order of several in flight when
 * some are retried), each carrying every txn that queued while the previous one was replicated. A request is
 * handed to APPLY when its txn comes back committed through {@link #applied}. Requests without a txn (errors,
 * sync) keep their place: they go to APPLY right after what precedes them.
 *
 * <p>On every member, a committed txn that answers a request this member forwarded to the leader
 * ({@link #forwarded}) is applied as that request, which answers its client; any other txn is applied as a
 * {@link Request#replicated} one. A forwarded request that made no txn (an error, a sync) is answered where its
 * answer stands in the log ({@link LogItem.Answer}), so each session's answers keep their order. What the
 * leader answers over the link instead (session checks) waits here until this member has applied the zxid the
 * leader had then, so that a client never reads older state than it was told of.
 */
public final class ReplicatedLog implements LogStage {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedLog.class);

    private final ApplyStage apply;
    private final long myId;
    private final ConcurrentLinkedQueue<Request> incoming = new ConcurrentLinkedQueue<>();
    /** This server's prepared requests in PREPARE's order, waiting for their txn to commit; the head has a txn. */
    private final ArrayDeque<Request> awaiting = new ArrayDeque<>();
    /** Requests this member forwarded to the leader, by session id and xid, until their txn or answer comes. */
    private final Map<Key, Request> forwarded = new HashMap<>();
    /** What waits for this member to hand APPLY a zxid: answers and checks from the leader, by that zxid. */
    private final TreeMap<Long, List<Runnable>> waiting = new TreeMap<>();
    private final ExecutorService submitter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arbor-raft-submit");
        t.setDaemon(true);
        return t;
    });
    private volatile RaftNode node;
    /** The term this member's PREPARE works in while it leads; stamped on every batch. */
    private volatile long term;
    /** The zxid of the last txn handed to APPLY (guarded by this). */
    private long lastHanded;
    // owned by the submitter thread
    private boolean inFlight;
    /**
     * A batch's fate is unknown (Raft refused or did not confirm it while this member led): nothing more is
     * submitted in this term, since later txns were prepared on top of it. Cleared when a term begins.
     */
    private volatile boolean broken;

    private record Key(long sessionId, int xid) {}

    /** @param myId this member's server id: it answers the requests it forwarded, and only those */
    public ReplicatedLog(ApplyStage apply, long lastAppliedZxid, long myId) {
        this.apply = apply;
        this.lastHanded = lastAppliedZxid;
        this.myId = myId;
    }

    /** The member entries go through; set once it is started (its state machine must exist first). */
    public void attach(RaftNode raftNode) {
        this.node = raftNode;
    }

    /**
     * This member leads in {@code leaderTerm} and its PREPARE starts over: whatever it had prepared before is
     * forgotten (its connections were dropped when it lost the leadership).
     */
    public synchronized void lead(long leaderTerm) {
        this.term = leaderTerm;
        this.broken = false;
        awaiting.clear();
        incoming.clear();
    }

    /**
     * The leader changed: nothing this member forwarded or prepared will be answered by it any more (the
     * connections that asked are dropped); txns of them that still commit are applied as replicated ones.
     */
    public synchronized void forgetPending() {
        forwarded.clear();
        awaiting.clear();
        waiting.clear();
        incoming.clear();
    }

    /** Called by PREPARE's thread only, in zxid order. */
    @Override
    public void submit(Request request) {
        incoming.add(request);
        submitter.execute(this::drain);
    }

    private void drain() {
        if (inFlight) {
            return; // the batch in flight drains again when it completes
        }
        List<LogItem> items = new ArrayList<>();
        List<Txn> txns = new ArrayList<>();
        synchronized (this) {
            for (Request r; (r = incoming.poll()) != null; ) {
                long by = r.origin == null ? LogItem.NOT_FORWARDED : r.origin.forwardedBy();
                if (r.txn == null && by != LogItem.NOT_FORWARDED) {
                    // a follower's request without a txn: its answer goes through the log, so that the
                    // follower gives it in its place among the session's answers
                    items.add(new LogItem.Answer(by, r.sessionId, r.xid, r.err, r.multiErrors));
                } else if (r.txn == null && awaiting.isEmpty()) {
                    apply.submit(r); // nothing before it is waiting: it may be answered now
                } else {
                    awaiting.add(r);
                    if (r.txn != null) {
                        items.add(new LogItem.Write(by, r.txn));
                        txns.add(r.txn);
                    }
                }
            }
        }
        if (items.isEmpty() || broken) {
            return; // when broken, the requests wait for the leader change, which drops their connections
        }
        inFlight = true;
        long batchTerm = term;
        node.submitLocal(TxnBatch.encodeItems(batchTerm, items)).whenComplete((reply, failure) -> submitter.execute(() -> {
            inFlight = false;
            if (failure != null || !reply.isSuccess()) {
                // not answered here: the txns may still commit (a new leader can commit them), and then they are
                // applied through applied(). Later txns were prepared on top of these, so none may follow them
                // in this term: if this member still leads, it steps down, and the next term's PREPARE starts
                // from what was committed. The leader change drops the connections that wait.
                broken = true;
                LOG.warn("Raft did not confirm a batch of {} items ({} txns{}, term {}): {}", items.size(),
                        txns.size(), txns.isEmpty() ? "" : ", zxid 0x" + Long.toHexString(txns.get(0).zxid())
                                + "..0x" + Long.toHexString(txns.get(txns.size() - 1).zxid()),
                        batchTerm, failure != null ? failure.toString() : reply.getException());
                if (node.isLeader() && node.term() == batchTerm) {
                    LOG.warn("Stepping down as leader of term {}: a new term starts from the committed state",
                            batchTerm);
                    node.stepDown();
                }
            }
            drain();
        }));
    }

    /** A request of this member's client, sent to the leader: answered when its txn or the leader's answer comes. */
    public synchronized void forwarded(Request r) {
        forwarded.put(new Key(r.sessionId, r.xid), r);
    }

    /**
     * The leader answered a forwarded request directly, without the log (it could not read it): APPLY answers it
     * once this member has applied {@code zxid}. False if the request is not waiting here.
     */
    public synchronized boolean answered(long sessionId, int xid, int err, int[] multiErrors, long zxid) {
        Request r = forwarded.remove(new Key(sessionId, xid));
        if (r == null) {
            return false;
        }
        r.txn = null;
        r.err = err;
        r.multiErrors = multiErrors;
        whenHanded(zxid, () -> apply.submit(r));
        return true;
    }

    /**
     * The answer to a request some member forwarded, in its place in the log (the state machine's thread): the
     * member that forwarded it answers it now, after everything before it in the log.
     */
    public synchronized void answeredInLog(LogItem.Answer a) {
        if (a.forwardedBy() != myId) {
            return;
        }
        Request r = forwarded.remove(new Key(a.sessionId(), a.xid()));
        if (r != null) {
            r.txn = null;
            r.err = a.err();
            r.multiErrors = a.multiErrors();
            apply.submit(r);
        }
    }

    /** Runs {@code task} on APPLY's thread once this member has applied {@code zxid}. */
    public synchronized void runWhenApplied(long zxid, Runnable task) {
        whenHanded(zxid, () -> apply.runAfterQueued(task));
    }

    private void whenHanded(long zxid, Runnable handOver) {
        if (zxid <= lastHanded) {
            handOver.run();
        } else {
            waiting.computeIfAbsent(zxid, z -> new ArrayList<>()).add(handOver);
        }
    }

    /**
     * The state was replaced by a snapshot that holds every txn up to {@code zxid}: the log replayed after the
     * snapshot's index may repeat some of them, which are skipped.
     */
    public synchronized void restartFrom(long zxid) {
        lastHanded = zxid;
        forwarded.clear(); // their clients were dropped before the state was replaced
        awaiting.clear();
        releaseWaiting();
    }

    /** Hands over what waited for a zxid this member has now applied. */
    private void releaseWaiting() {
        while (!waiting.isEmpty() && waiting.firstKey() <= lastHanded) {
            waiting.pollFirstEntry().getValue().forEach(Runnable::run);
        }
    }

    /** A committed txn, in log order (the state machine's thread): hands it, and what waited behind it, to APPLY. */
    public void applied(LogItem.Write write) {
        Txn txn = write.txn();
        synchronized (this) {
            if (txn.zxid() <= lastHanded) {
                return; // already in the snapshot this member's state was loaded from
            }
            Request head = awaiting.peek();
            if (head != null && head.txn != null && head.txn.zxid() == txn.zxid()) {
                apply.submit(awaiting.poll());
            } else {
                Request mine = write.forwardedBy() == myId
                        ? forwarded.remove(new Key(txn.header().sessionId(), txn.header().cxid())) : null;
                if (mine != null) {
                    mine.txn = txn;
                    apply.submit(mine);
                } else {
                    apply.submit(Request.replicated(txn));
                }
            }
            for (Request next; (next = awaiting.peek()) != null && next.txn == null; ) {
                apply.submit(awaiting.poll());
            }
            lastHanded = Math.max(lastHanded, txn.zxid());
            releaseWaiting();
        }
    }

    /** Txns of an entry every member skips (see {@link TxnStateMachine}): their requests are not answered here. */
    public synchronized void skipped(List<Txn> txns) {
        for (Txn t : txns) {
            awaiting.removeIf(r -> r.txn != null && r.txn.zxid() == t.zxid());
        }
    }

    @Override
    public void close() {
        submitter.shutdownNow();
    }
}
