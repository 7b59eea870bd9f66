package io.arbor.server.pipeline;

import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.Record;
import io.arbor.protocol.Stat;
import io.arbor.protocol.request.MultiOp;
import io.arbor.protocol.request.MultiRequest;
import io.arbor.protocol.request.PathRequest;
import io.arbor.protocol.response.Create2Response;
import io.arbor.protocol.response.GetDataResponse;
import io.arbor.protocol.response.MultiResponse;
import io.arbor.protocol.response.OpResult;
import io.arbor.protocol.response.PathResponse;
import io.arbor.protocol.response.StatResponse;
import io.arbor.protocol.txn.CreateSessionTxn;
import io.arbor.protocol.txn.CreateTxn;
import io.arbor.protocol.txn.MultiTxn;
import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.protocol.txn.TxnBody;
import io.arbor.server.session.Session;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.tree.DataTree;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APPLY: applies committed txns to the tree in zxid order (which fires their watches) and answers each
 * request, in the order LOG handed them over.
 */
public final class ApplyStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyStage.class);

    private final StageLoop<Request> loop = new StageLoop<>("arbor-apply", this::applyAndAnswer);
    private final DataTree tree;
    private final SessionTracker sessions;
    private final PrepareStage prepare;
    private final Consumer<Request> afterApply;

    /** {@code afterApply} sees each request once it is answered (latency statistics). */
    public ApplyStage(DataTree tree, SessionTracker sessions, PrepareStage prepare, Consumer<Request> afterApply) {
        this.tree = tree;
        this.sessions = sessions;
        this.prepare = prepare;
        this.afterApply = afterApply;
    }

    public void start() {
        loop.start();
    }

    public void submit(Request r) {
        loop.submit(r);
    }

    /** Runs {@code task} on APPLY's thread once everything submitted before it has been applied and answered. */
    public void runAfterQueued(Runnable task) {
        loop.submit(Request.task(task));
    }

    /**
     * Runs {@code step} on APPLY's thread once everything submitted before it has been applied and answered;
     * completes with its result (or what it threw).
     */
    public <T> java.util.concurrent.CompletableFuture<T> callAfterQueued(java.util.function.Supplier<T> step) {
        java.util.concurrent.CompletableFuture<T> done = new java.util.concurrent.CompletableFuture<>();
        runAfterQueued(() -> {
            try {
                done.complete(step.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    public int queued() {
        return loop.queued();
    }

    private void applyAndAnswer(Request r) {
        if (r.task != null) {
            r.task.run();
            return;
        }
        try {
            apply(r);
        } catch (RuntimeException e) {
            LOG.error("APPLY failed on {} of session 0x{}", OpCode.name(r.op), Long.toHexString(r.sessionId), e);
            if (r.origin != null) {
                r.origin.complete(r, tree.lastProcessedZxid(), ErrorCode.SYSTEM_ERROR, null);
            }
        }
    }

    void apply(Request r) {
        Stat[] stats = null;
        long zxid;
        if (r.txn != null) {
            stats = tree.apply(r.txn);
            prepare.applied(r);
            zxid = r.txn.zxid();
            if (r.txn.body() instanceof CreateSessionTxn c && sessions.get(r.sessionId) == null) {
                // another ensemble member's session (or one replayed from the Raft log): tracked here too, so
                // that its client may move to this server and this server can expire it once it leads
                sessions.add(new Session(r.sessionId, c.timeout(), c.password()));
            }
            if (r.op == OpCode.CLOSE_SESSION) {
                Session closed = sessions.get(r.sessionId);
                sessions.remove(r.sessionId);
                if (r.origin == null && closed != null && closed.owner() instanceof Origin owner) {
                    owner.sessionExpired();
                }
            }
        } else {
            zxid = tree.lastProcessedZxid();
        }
        afterApply.accept(r);
        if (r.origin == null) {
            return;
        }
        if (r.op == OpCode.CREATE_SESSION) {
            if (r.txn == null) { // not logged: the session never was
                sessions.remove(r.sessionId);
                r.origin.sessionRefused(r.session);
            } else {
                r.origin.sessionCreated(r.session);
            }
            return;
        }
        if (r.err != ErrorCode.OK) {
            r.origin.complete(r, zxid, r.err, null);
            return;
        }
        r.origin.complete(r, zxid, ErrorCode.OK, responseBody(r, stats));
    }

    private static Record responseBody(Request r, Stat[] stats) {
        if (r.multiErrors != null) {
            List<OpResult> results = new ArrayList<>(r.multiErrors.length);
            for (int err : r.multiErrors) {
                results.add(OpResult.error(err));
            }
            return new MultiResponse(results);
        }
        return switch (r.op) {
            case OpCode.SYNC -> new PathResponse(((PathRequest) r.body).path());
            case OpCode.MULTI -> multiResponse(r, stats);
            case OpCode.RECONFIG -> new GetDataResponse(((SetDataTxn) r.txn.body()).data(), stats[0]);
            default -> r.txn == null ? null : opResult(r.op, r.txn.body(), stats[0]).body();
        };
    }

    private static MultiResponse multiResponse(Request r, Stat[] stats) {
        List<MultiOp> ops = ((MultiRequest) r.body).ops();
        List<TxnBody> bodies = ((MultiTxn) r.txn.body()).ops();
        List<OpResult> results = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            results.add(opResult(ops.get(i).type(), bodies.get(i), stats[i]));
        }
        return new MultiResponse(results);
    }

    private static OpResult opResult(int op, TxnBody body, Stat stat) {
        return switch (op) {
            case OpCode.CREATE -> new OpResult(op, 0, new PathResponse(((CreateTxn) body).path()));
            case OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL ->
                    new OpResult(OpCode.CREATE2, 0, new Create2Response(((CreateTxn) body).path(), stat));
            case OpCode.SET_DATA, OpCode.SET_ACL -> new OpResult(op, 0, new StatResponse(stat));
            default -> new OpResult(op, 0, null);
        };
    }

    @Override
    public void close() {
        loop.close();
    }
}
