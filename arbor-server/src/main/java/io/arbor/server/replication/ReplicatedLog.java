package io.arbor.server.replication;

import io.arbor.protocol.txn.Txn;
import io.arbor.server.pipeline.LogStage;
import io.arbor.server.pipeline.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LOG in an ensemble, on the leader: the txns PREPARE hands over go into the Raft log in batches
 * ({@link TxnBatch}), one batch in flight at a time (Ratis does not keep the order of several in flight when
 * some are retried), each carrying every txn that queued while the previous one was replicated. A request is
 * handed to APPLY when its txn comes back committed through {@link #applied}, which every server's state
 * machine calls in log order; a txn this server did not prepare is applied as a {@link Request#replicated}
 * one. Requests without a txn (errors, sync) keep their place: they go to APPLY right after what precedes them.
 */
public final class ReplicatedLog implements LogStage {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedLog.class);

    private final Consumer<Request> apply;
    private final ConcurrentLinkedQueue<Request> incoming = new ConcurrentLinkedQueue<>();
    /** This server's requests in PREPARE's order, waiting for their txn to commit; the head has a txn. */
    private final ArrayDeque<Request> awaiting = new ArrayDeque<>();
    private final ExecutorService submitter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arbor-raft-submit");
        t.setDaemon(true);
        return t;
    });
    private volatile RaftNode node;
    // owned by the submitter thread
    private boolean inFlight;

    public ReplicatedLog(Consumer<Request> apply) {
        this.apply = apply;
    }

    /** The member entries go through; set once it is started (its state machine must exist first). */
    public void attach(RaftNode raftNode) {
        this.node = raftNode;
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
        List<Txn> txns = new ArrayList<>();
        synchronized (awaiting) {
            for (Request r; (r = incoming.poll()) != null; ) {
                if (r.txn == null && awaiting.isEmpty()) {
                    apply.accept(r); // nothing before it is waiting: it may be answered now
                } else {
                    awaiting.add(r);
                    if (r.txn != null) {
                        txns.add(r.txn);
                    }
                }
            }
        }
        if (txns.isEmpty()) {
            return;
        }
        inFlight = true;
        node.submit(TxnBatch.encode(txns)).whenComplete((reply, failure) -> submitter.execute(() -> {
            inFlight = false;
            if (failure != null || !reply.isSuccess()) {
                // not answered here: the txns may still commit (a new leader can commit them), and then their
                // answers come through applied(); a leader change deals with the rest
                LOG.warn("Raft did not confirm a batch of {} txns (0x{}..0x{}): {}", txns.size(),
                        Long.toHexString(txns.get(0).zxid()), Long.toHexString(txns.get(txns.size() - 1).zxid()),
                        failure != null ? failure.toString() : reply.getException());
            }
            drain();
        }));
    }

    /** A committed txn, in log order (the state machine's thread): hands it, and what waited behind it, to APPLY. */
    public void applied(Txn txn) {
        synchronized (awaiting) {
            Request head = awaiting.peek();
            if (head != null && head.txn != null && head.txn.zxid() == txn.zxid()) {
                apply.accept(awaiting.poll());
            } else {
                apply.accept(Request.replicated(txn));
            }
            for (Request next; (next = awaiting.peek()) != null && next.txn == null; ) {
                apply.accept(awaiting.poll());
            }
        }
    }

    @Override
    public void close() {
        submitter.shutdownNow();
    }
}
