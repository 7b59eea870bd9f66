package io.arbor.server.pipeline;

import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import io.arbor.protocol.EphemeralOwner;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.Id;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.PathValidator;
import io.arbor.protocol.Perms;
import io.arbor.protocol.request.CreateRequest;
import io.arbor.protocol.request.MultiOp;
import io.arbor.protocol.request.MultiRequest;
import io.arbor.protocol.request.PathRequest;
import io.arbor.protocol.request.PathVersionRequest;
import io.arbor.protocol.request.SetAclRequest;
import io.arbor.protocol.request.SetDataRequest;
import io.arbor.protocol.txn.CheckTxn;
import io.arbor.protocol.txn.CloseSessionTxn;
import io.arbor.protocol.txn.CreateSessionTxn;
import io.arbor.protocol.txn.CreateTxn;
import io.arbor.protocol.txn.DeleteTxn;
import io.arbor.protocol.txn.MultiTxn;
import io.arbor.protocol.txn.SetAclTxn;
import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.protocol.txn.TxnBody;
import io.arbor.protocol.txn.TxnHeader;
import io.arbor.server.auth.AclChecker;
import io.arbor.server.auth.FixedAcl;
import io.arbor.server.session.Session;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.tree.DataNode;
import io.arbor.server.tree.DataTree;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PREPARE: the one thread of order. Checks each write against the tree plus the changes still in flight
 * (session, path, ACL, version) and turns it into a deterministic txn with its zxid, time, final sequential
 * path and ephemeral owner, or into an error; then hands it to LOG. Reads never come here.
 */
public final class PrepareStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrepareStage.class);

    /** Settings PREPARE needs from the configuration. */
    public record Settings(boolean extendedTypesEnabled, boolean reconfigEnabled) {}

    private final StageLoop<Request> loop = new StageLoop<>("arbor-prepare", this::prepareAndLog);
    private final ConcurrentHashMap<String, ChangeRecord> pending = new ConcurrentHashMap<>();
    private final HashMap<String, ChangeRecord> overlay = new HashMap<>();
    private final DataTree tree;
    private final SessionTracker sessions;
    private final AclChecker acls;
    private final Settings settings;
    private LogStage log;
    private long lastZxid;
    /** The zxid of the last txn made (not an epoch's starting point, which no txn has); read by other threads. */
    private volatile long lastTxnZxid;
    /** Stamped on every request; see {@link Request#epoch} and {@link #rollBackUnlogged()}. */
    private int epoch;

    public PrepareStage(DataTree tree, SessionTracker sessions, AclChecker acls, Settings settings) {
        this.tree = tree;
        this.sessions = sessions;
        this.acls = acls;
        this.settings = settings;
        this.lastZxid = tree.lastProcessedZxid();
    }

    public void start(LogStage logStage) {
        this.log = logStage;
        this.lastZxid = tree.lastProcessedZxid(); // the tree may have been recovered since construction
        this.lastTxnZxid = lastZxid;
        loop.start();
    }

    public void submit(Request r) {
        loop.submit(r);
    }

    /** The zxid of the last txn prepared (logged or in flight), or else the last applied; any thread. */
    public long lastPreparedZxid() {
        return lastTxnZxid;
    }

    public int queued() {
        return loop.queued();
    }

    /** Called by APPLY once a request's txn is in the tree: its in-flight records are no longer needed. */
    public void applied(Request r) {
        if (r.changes != null) {
            for (Map.Entry<String, ChangeRecord> e : r.changes) {
                pending.remove(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * LOG could not write a txn and refuses every request prepared so far in this epoch. Queues the roll-back
     * of PREPARE's in-flight state behind them; LOG calls this through APPLY's queue (see
     * {@link ApplyStage#runAfterQueued}) so that it runs once APPLY has applied every txn that was made durable,
     * and the tree is then exactly the durable state.
     */
    public void rollBackUnlogged() {
        loop.submit(Request.task(this::rollBack));
    }

    private void rollBack() {
        long durable = tree.lastProcessedZxid();
        LOG.debug("Txn log write failed: the txns after zxid 0x{} were refused; {} in-flight node changes dropped, "
                + "zxids go on from there", Long.toHexString(durable), pending.size());
        restartFrom(durable);
    }

    /**
     * This server has become the ensemble's leader: once APPLY has applied every committed txn (the caller
     * queues this behind them), PREPARE starts over from the tree, with zxids from {@code zxidBase} on (the new
     * epoch), forgetting whatever it had in flight when it led before. {@code then} runs on PREPARE's thread
     * once it is done, before any request queued after it.
     */
    public void startEpoch(long zxidBase, Runnable then) {
        loop.submit(Request.task(() -> {
            restartFrom(Math.max(zxidBase, tree.lastProcessedZxid()));
            then.run();
        }));
    }

    private void restartFrom(long zxid) {
        pending.clear();
        overlay.clear();
        lastZxid = zxid;
        lastTxnZxid = tree.lastProcessedZxid();
        epoch++;
        for (Session s : sessions.all()) {
            if (s.closePrepared) { // its close was never applied: it lives on and can expire again
                s.closePrepared = false;
                sessions.closeNotLogged(s);
            }
        }
    }

    private void prepareAndLog(Request r) {
        if (r.task != null) {
            r.task.run();
            return;
        }
        try {
            prepare(r);
        } catch (RuntimeException e) {
            // a bug, not a client error: answer it rather than leave the session waiting for a reply
            LOG.error("PREPARE failed on {} of session 0x{}; answering SystemError", OpCode.name(r.op),
                    Long.toHexString(r.sessionId), e);
            overlay.clear();
            r.txn = null;
            r.multiErrors = null;
            r.err = ErrorCode.SYSTEM_ERROR;
        }
        r.epoch = epoch;
        log.submit(r);
    }

    /** Thrown to fail a request with an error code; no stack trace, it is not exceptional. */
    private static final class Failure extends RuntimeException {
        final int code;

        Failure(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    void prepare(Request r) {
        overlay.clear();
        try {
            long time = System.currentTimeMillis();
            switch (r.op) {
                case OpCode.CREATE_SESSION -> {
                    Session s = r.session;
                    r.txn = txn(r, time, new CreateSessionTxn(s.timeout(), s.password()));
                    return;
                }
                case OpCode.CLOSE_SESSION -> {
                    prepareClose(r, time);
                    return;
                }
                default -> { }
            }
            checkSession(r);
            switch (r.op) {
                case OpCode.SYNC -> {
                    // ZooKeeper echoes whatever path a sync names; there is nothing to check
                }
                case OpCode.RECONFIG -> prepareReconfig(r, time);
                case OpCode.MULTI -> prepareMulti(r, time);
                default -> {
                    long zxid = lastZxid + 1;
                    TxnBody body = prepareOp(r.op, r.body, zxid, r);
                    commitOverlay(r);
                    r.txn = txn(r, time, body);
                }
            }
        } catch (Failure f) {
            overlay.clear();
            r.err = f.code;
            r.txn = null;
        }
    }

    private Txn txn(Request r, long time, TxnBody body) {
        long zxid = ++lastZxid;
        lastTxnZxid = zxid;
        return new Txn(new TxnHeader(r.sessionId, r.xid, zxid, time, body.type()), body);
    }

    private void checkSession(Request r) {
        if (r.sessionId == 0) {
            return; // internal: the container reaper
        }
        Session s = sessions.get(r.sessionId);
        if (s == null || s.isClosing()) {
            throw new Failure(ErrorCode.SESSION_EXPIRED);
        }
        if (r.origin != null && s.owner() != r.origin) {
            throw new Failure(ErrorCode.SESSION_MOVED);
        }
    }

    /**
     * A reconfig reaches PREPARE as a {@link ConfigChange} once an ensemble's leader has changed the Raft
     * membership: it becomes the setData of /zookeeper/config, whose text ends with its own zxid as the version.
     * Anything else is a standalone server's (UNIMPLEMENTED) or one without reconfigEnabled.
     */
    private void prepareReconfig(Request r, long time) {
        if (!(r.body instanceof ConfigChange change)) {
            throw new Failure(settings.reconfigEnabled() ? ErrorCode.UNIMPLEMENTED : ErrorCode.RECONFIG_DISABLED);
        }
        if (change.err() != ErrorCode.OK) {
            throw new Failure(change.err());
        }
        long zxid = lastZxid + 1;
        byte[] data = (change.members() + "version=" + Long.toHexString(zxid))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TxnBody body = prepareSetData(new SetDataRequest(DataTree.CONFIG, data, -1), zxid, r);
        commitOverlay(r);
        r.txn = txn(r, time, body);
    }

    private void prepareMulti(Request r, long time) {
        List<MultiOp> ops = ((MultiRequest) r.body).ops();
        long zxid = lastZxid + 1;
        List<TxnBody> bodies = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            MultiOp op = ops.get(i);
            try {
                bodies.add(prepareOp(op.type(), op.request(), zxid, r));
            } catch (Failure f) {
                int[] errs = new int[ops.size()];
                for (int j = i + 1; j < errs.length; j++) {
                    errs[j] = ErrorCode.RUNTIME_INCONSISTENCY;
                }
                errs[i] = f.code;
                overlay.clear();
                r.multiErrors = errs;
                return;
            }
        }
        commitOverlay(r);
        r.txn = txn(r, time, new MultiTxn(bodies));
    }

    private void commitOverlay(Request r) {
        if (overlay.isEmpty()) {
            return;
        }
        List<Map.Entry<String, ChangeRecord>> changes = new ArrayList<>(overlay.size());
        for (Map.Entry<String, ChangeRecord> e : overlay.entrySet()) {
            pending.put(e.getKey(), e.getValue());
            changes.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
        }
        r.changes = changes;
        overlay.clear();
    }

    private TxnBody prepareOp(int op, Object body, long zxid, Request r) {
        return switch (op) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL ->
                    prepareCreate(op, (CreateRequest) body, zxid, r);
            case OpCode.DELETE -> prepareDelete((PathVersionRequest) body, zxid, r);
            case OpCode.DELETE_CONTAINER -> prepareDeleteContainer(((PathRequest) body).path(), zxid);
            case OpCode.SET_DATA -> prepareSetData((SetDataRequest) body, zxid, r);
            case OpCode.SET_ACL -> prepareSetAcl((SetAclRequest) body, zxid, r);
            case OpCode.CHECK -> prepareCheck((PathVersionRequest) body, r);
            default -> throw new Failure(ErrorCode.UNIMPLEMENTED);
        };
    }

    private TxnBody prepareCreate(int op, CreateRequest req, long zxid, Request r) {
        CreateMode mode = CreateMode.fromFlag(req.flags());
        if (mode == null) {
            throw new Failure(ErrorCode.BAD_ARGUMENTS);
        }
        String path = req.path();
        // As ZooKeeper: only "has a slash, no NUL" before the parent is looked up; the full path is checked
        // once its sequential suffix is on ("/a/" names the child "/a/0000000007"), so "/w//x" is NoNode.
        requireSlash(path);
        if (op == OpCode.CREATE_TTL || mode.ttl) {
            if (!settings.extendedTypesEnabled()) {
                throw new Failure(ErrorCode.UNIMPLEMENTED);
            }
            if (op != OpCode.CREATE_TTL || !mode.ttl || req.ttl() <= 0 || req.ttl() > EphemeralOwner.MAX_TTL) {
                throw new Failure(ErrorCode.BAD_ARGUMENTS);
            }
        }
        if (op == OpCode.CREATE_CONTAINER && !mode.container || op != OpCode.CREATE_CONTAINER && mode.container) {
            throw new Failure(ErrorCode.BAD_ARGUMENTS);
        }
        // ZooKeeper's order: an invalid ACL is reported before the state of the parent or of the node
        List<Acl> acl = fixAcl(req.acl(), r);
        String parentPath = PathValidator.parent(path);
        ChangeRecord parent = record(parentPath);
        if (parent == null) {
            throw new Failure(ErrorCode.NO_NODE);
        }
        checkAcl(parent, Perms.CREATE, r);
        if (mode.sequential) {
            path = path + sequenceSuffix(parent.cversion());
        }
        validPath(path);
        if (record(path) != null) {
            throw new Failure(ErrorCode.NODE_EXISTS);
        }
        if (EphemeralOwner.isSession(parent.ephemeralOwner())) {
            throw new Failure(ErrorCode.NO_CHILDREN_FOR_EPHEMERALS);
        }
        long owner;
        if (mode.ephemeral) {
            owner = r.sessionId;
        } else if (mode.container) {
            owner = EphemeralOwner.CONTAINER;
        } else if (mode.ttl) {
            owner = EphemeralOwner.ttl(req.ttl());
        } else {
            owner = 0;
        }
        int newCversion = parent.cversion() + 1;
        overlay.put(parentPath, parent.withChildren(zxid, newCversion, parent.numChildren() + 1));
        overlay.put(path, new ChangeRecord(zxid, true, 0, 0, 0, owner, 0, acl));
        // null data stays null: ZooKeeper answers getData with null for it, not with an empty array
        return new CreateTxn(path, req.data(), acl, owner, newCversion);
    }

    /**
     * The parent's cversion as ZooKeeper's sequential suffix: ten digits, zero-padded ({@code %010d}; a negative
     * cversion, after overflow, prints its minus sign inside the ten characters as String.format does). By hand:
     * String.format was a visible share of PREPARE's time under a stream of sequential creates.
     */
    static String sequenceSuffix(int cversion) {
        String digits = Integer.toString(cversion);
        if (digits.length() >= 10) {
            return digits;
        }
        StringBuilder sb = new StringBuilder(10);
        if (cversion < 0) {
            sb.append('-');
            digits = digits.substring(1);
            for (int i = digits.length() + 1; i < 10; i++) {
                sb.append('0');
            }
        } else {
            for (int i = digits.length(); i < 10; i++) {
                sb.append('0');
            }
        }
        return sb.append(digits).toString();
    }

    private TxnBody prepareDelete(PathVersionRequest req, long zxid, Request r) {
        String path = req.path();
        // As ZooKeeper: a path that is not valid simply names no node (NoNode), unless it has no slash at all
        requireSlash(path);
        if (DataTree.isSpecialPath(path)) {
            throw new Failure(ErrorCode.BAD_ARGUMENTS);
        }
        String parentPath = PathValidator.parent(path);
        ChangeRecord parent = record(parentPath);
        if (parent == null) {
            throw new Failure(ErrorCode.NO_NODE);
        }
        checkAcl(parent, Perms.DELETE, r);
        ChangeRecord node = record(path);
        if (node == null) {
            throw new Failure(ErrorCode.NO_NODE);
        }
        checkVersion(req.version(), node.version());
        if (node.numChildren() > 0) {
            throw new Failure(ErrorCode.NOT_EMPTY);
        }
        overlay.put(parentPath, parent.withChildren(zxid, parent.cversion(), parent.numChildren() - 1));
        overlay.put(path, ChangeRecord.deleted(zxid));
        return new DeleteTxn(path);
    }

    private TxnBody prepareDeleteContainer(String path, long zxid) {
        validPath(path);
        ChangeRecord node = record(path);
        if (node == null) {
            throw new Failure(ErrorCode.NO_NODE);
        }
        if (node.numChildren() > 0) {
            throw new Failure(ErrorCode.NOT_EMPTY);
        }
        long owner = node.ephemeralOwner();
        if (!EphemeralOwner.isContainer(owner) && !EphemeralOwner.isTtl(owner)) {
            throw new Failure(ErrorCode.BAD_VERSION);
        }
        String parentPath = PathValidator.parent(path);
        ChangeRecord parent = record(parentPath);
        if (parent != null) {
            overlay.put(parentPath, parent.withChildren(zxid, parent.cversion(), parent.numChildren() - 1));
        }
        overlay.put(path, ChangeRecord.deleted(zxid));
        return new DeleteTxn(path);
    }

    private TxnBody prepareSetData(SetDataRequest req, long zxid, Request r) {
        String path = req.path();
        validPath(path);
        ChangeRecord node = record(path);
        if (node == null) {
            throw new Failure(ErrorCode.NO_NODE);
        }
        checkAcl(node, Perms.WRITE, r);
        checkVersion(req.version(), node.version());
        int newVersion = node.version() + 1;
        overlay.put(path, node.withVersion(zxid, newVersion));
        return new SetDataTxn(path, req.data(), newVersion);
    }

    private TxnBody prepareSetAcl(SetAclRequest req, long zxid, Request r) {
        String path = req.path();
        validPath(path);
        // ZooKeeper's order: an invalid ACL is reported before a missing node or a missing permission
        List<Acl> acl = fixAcl(req.acl(), r);
        ChangeRecord node = record(path);
        if (node == null) {
            throw new Failure(ErrorCode.NO_NODE);
        }
        checkAcl(node, Perms.ADMIN, r);
        checkVersion(req.version(), node.aversion());
        int newVersion = node.aversion() + 1;
        overlay.put(path, node.withAcl(zxid, acl, newVersion));
        return new SetAclTxn(path, acl, newVersion);
    }

    private TxnBody prepareCheck(PathVersionRequest req, Request r) {
        String path = req.path();
        validPath(path);
        ChangeRecord node = record(path);
        if (node == null) {
            throw new Failure(ErrorCode.NO_NODE);
        }
        checkAcl(node, Perms.READ, r);
        checkVersion(req.version(), node.version());
        return new CheckTxn(path, req.version());
    }

    /**
     * closeSession, from the client or from expiry: list every ephemeral the session will own once what
     * is in flight is applied (creates included, deletes excluded), and record their deletion so that later
     * requests see them gone. Requests of the session prepared after this fail with SessionExpired.
     */
    private void prepareClose(Request r, long time) {
        Session s = sessions.get(r.sessionId);
        if (s == null || s.closePrepared) {
            return; // already closed or closing: answer OK without a second txn
        }
        s.setClosing();
        s.closePrepared = true;
        TreeSet<String> paths = new TreeSet<>(tree.ephemeralsOf(r.sessionId));
        for (Map.Entry<String, ChangeRecord> e : pending.entrySet()) {
            ChangeRecord c = e.getValue();
            if (c.exists() && c.ephemeralOwner() == r.sessionId) {
                paths.add(e.getKey());
            } else {
                // deleted in flight, or deleted and created again by someone else: not ours to delete
                paths.remove(e.getKey());
            }
        }
        long zxid = lastZxid + 1;
        for (String p : paths) {
            String parentPath = PathValidator.parent(p);
            ChangeRecord parent = record(parentPath);
            if (parent != null) {
                overlay.put(parentPath, parent.withChildren(zxid, parent.cversion(), parent.numChildren() - 1));
            }
            overlay.put(p, ChangeRecord.deleted(zxid));
        }
        commitOverlay(r);
        r.txn = txn(r, time, new CloseSessionTxn(List.copyOf(paths)));
    }

    /** The node as it will be once everything in flight is applied; null if it will not exist. */
    private ChangeRecord record(String path) {
        ChangeRecord c = overlay.get(path);
        if (c == null) {
            c = pending.get(path);
        }
        if (c != null) {
            return c.exists() ? c : null;
        }
        DataNode n = tree.get(path);
        if (n == null) {
            return null;
        }
        ReentrantLock lock = tree.locks().lockFor(path);
        lock.lock();
        try {
            n = tree.get(path);
            if (n == null) {
                return null;
            }
            return new ChangeRecord(n.mzxid(), true, n.version(), n.cversion(), n.aversion(), n.ephemeralOwner(),
                    n.numChildren(), n.acl());
        } finally {
            lock.unlock();
        }
    }

    private void checkAcl(ChangeRecord node, int perm, Request r) {
        if (r.sessionId != 0 && !acls.check(node.acl(), perm, r.authIds)) {
            throw new Failure(ErrorCode.NO_AUTH);
        }
    }

    private List<Acl> fixAcl(List<Acl> requested, Request r) {
        List<Id> ids = r.authIds == null ? List.of() : r.authIds;
        FixedAcl fixed = acls.fixup(requested, ids);
        if (fixed.err() != ErrorCode.OK) {
            throw new Failure(fixed.err());
        }
        return fixed.acl();
    }

    private static void checkVersion(int expected, int actual) {
        if (expected != -1 && expected != actual) {
            throw new Failure(ErrorCode.BAD_VERSION);
        }
    }

    private static void requireSlash(String path) {
        if (path == null || path.lastIndexOf('/') < 0 || path.indexOf('\0') >= 0) {
            throw new Failure(ErrorCode.BAD_ARGUMENTS);
        }
    }

    private static void validPath(String path) {
        if (!PathValidator.isValid(path)) {
            throw new Failure(ErrorCode.BAD_ARGUMENTS);
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
