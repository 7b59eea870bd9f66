package io.arbor.server.pipeline;

import io.arbor.protocol.Id;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.Record;
import io.arbor.protocol.txn.Txn;
import io.arbor.server.session.Session;
import java.util.List;

/**
 * A request on its way through the pipeline. The fields after the constructor's are each written by one
 * stage and read by the stages after it (the hand-off queues order those accesses).
 */
public final class Request {
    public final Origin origin;
    public final long sessionId;
    public final int xid;
    public final int op;
    public final Record body;
    public final List<Id> authIds;
    public final long startNanos;

    /** Set by the connection when it sends the request through PREPARE (its answer then releases the next). */
    public boolean pipelined;
    /** PREPARE: the txn to log and apply, or null for an error or a request without one (sync). */
    public Txn txn;
    /** PREPARE: the error code when the request failed. */
    public int err;
    /** PREPARE: per-op results of a failed multi (0 before the failing op, its error, then -2). */
    public int[] multiErrors;
    /** PREPARE: the session a createSession request made. */
    public Session session;
    /** PREPARE: the pending-change records this request added, dropped by APPLY once applied. */
    java.util.List<java.util.Map.Entry<String, ChangeRecord>> changes;
    /**
     * PREPARE: which run of PREPARE's in-flight state this request was prepared against. It changes only when
     * LOG could not write a txn: every request prepared in the failed epoch is then refused by LOG.
     */
    public int epoch;
    /** Not a client request but a task that runs on a stage's thread in queue order (see {@link #task}). */
    final Runnable task;

    public Request(Origin origin, long sessionId, int xid, int op, Record body, List<Id> authIds) {
        this.origin = origin;
        this.sessionId = sessionId;
        this.xid = xid;
        this.op = op;
        this.body = body;
        this.authIds = authIds;
        this.startNanos = System.nanoTime();
        this.task = null;
    }

    private Request(Runnable task) {
        this.origin = null;
        this.sessionId = 0;
        this.xid = 0;
        this.op = OpCode.ERROR;
        this.body = null;
        this.authIds = List.of();
        this.startNanos = System.nanoTime();
        this.task = task;
    }

    /**
     * A txn another server prepared (replication): applied here like one of ours, answered to no one. Its op is
     * the txn's type, which is the op code that made it.
     */
    public static Request replicated(io.arbor.protocol.txn.Txn txn) {
        Request r = new Request(null, txn.header().sessionId(), txn.header().cxid(), txn.header().type(), null,
                List.of());
        r.txn = txn;
        return r;
    }

    /** A task a stage runs on its own thread once everything queued before it was handled. */
    static Request task(Runnable task) {
        return new Request(task);
    }

    /**
     * LOG could not make this request durable: it is answered with {@code err} and nothing of it is applied
     * (a createSession is refused, a closeSession leaves its session open).
     */
    public void failUnlogged(int err) {
        this.txn = null;
        this.multiErrors = null;
        this.err = err;
    }
}
