package io.arbor.server.pipeline;

import io.arbor.protocol.Acl;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.EventType;
import io.arbor.protocol.Id;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.PathValidator;
import io.arbor.protocol.Perms;
import io.arbor.protocol.Record;
import io.arbor.protocol.WatcherType;
import io.arbor.protocol.request.MultiOp;
import io.arbor.protocol.request.MultiRequest;
import io.arbor.protocol.request.PathModeRequest;
import io.arbor.protocol.request.PathRequest;
import io.arbor.protocol.request.PathWatchRequest;
import io.arbor.protocol.request.SetWatchesRequest;
import io.arbor.protocol.response.ChildrenResponse;
import io.arbor.protocol.response.ClientInfo;
import io.arbor.protocol.response.GetAclResponse;
import io.arbor.protocol.response.GetDataResponse;
import io.arbor.protocol.response.IntResponse;
import io.arbor.protocol.response.MultiResponse;
import io.arbor.protocol.response.OpResult;
import io.arbor.protocol.response.StatResponse;
import io.arbor.protocol.response.WhoAmIResponse;
import io.arbor.server.auth.AclChecker;
import io.arbor.server.tree.DataNode;
import io.arbor.server.tree.DataTree;
import io.arbor.server.watch.WatchKind;
import io.arbor.server.watch.WatchManager;
import io.arbor.server.watch.Watcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Answers reads (and watch bookkeeping) straight from the tree, on the thread that calls it. Each answer is
 * queued while the node's stripe lock is held, so it can never overtake the watch event of a change it
 * reveals. The caller guarantees the session's earlier writes are applied (FIFO per session).
 */
public final class ReadProcessor {
    private static final long NO_ZXID = -1;

    private final DataTree tree;
    private final WatchManager watches;
    private final AclChecker acls;

    public ReadProcessor(DataTree tree, AclChecker acls) {
        this.tree = tree;
        this.watches = tree.watches();
        this.acls = acls;
    }

    /** Answers {@code r}; {@code r.origin} must also be the {@link Watcher} of its connection. */
    public void execute(Request r) {
        Watcher watcher = (Watcher) r.origin;
        switch (r.op) {
            case OpCode.EXISTS -> exists(r, watcher);
            case OpCode.GET_DATA -> getData(r, watcher);
            case OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2 -> getChildren(r, watcher);
            case OpCode.GET_ACL -> getAcl(r);
            case OpCode.GET_ALL_CHILDREN_NUMBER -> getAllChildrenNumber(r);
            case OpCode.GET_EPHEMERALS -> getEphemerals(r);
            case OpCode.CHECK_WATCHES, OpCode.REMOVE_WATCHES -> checkOrRemoveWatches(r, watcher);
            case OpCode.ADD_WATCH -> addWatch(r, watcher);
            case OpCode.WHO_AM_I -> whoAmI(r);
            case OpCode.MULTI_READ -> multiRead(r);
            case OpCode.SET_WATCHES, OpCode.SET_WATCHES2 -> setWatches(r, watcher);
            default -> reply(r, ErrorCode.UNIMPLEMENTED, null);
        }
    }

    private void reply(Request r, int err, Record body) {
        r.origin.complete(r, tree.lastProcessedZxid(), err, body);
    }

    private boolean allowed(List<Acl> acl, int perm, Request r) {
        return acls.check(acl, perm, r.authIds);
    }

    private void exists(Request r, Watcher watcher) {
        PathWatchRequest req = (PathWatchRequest) r.body;
        String path = lookupPath(req.path());
        if (path == null) {
            reply(r, ErrorCode.MARSHALLING_ERROR, null);
            return;
        }
        ReentrantLock lock = tree.locks().lockFor(path);
        lock.lock();
        try {
            DataNode n = tree.get(path);
            if (n == null) {
                if (req.watch() && PathValidator.isValid(path)) {
                    watches.add(path, watcher, WatchKind.DATA);
                }
                reply(r, ErrorCode.NO_NODE, null);
            } else if (!allowed(n.acl(), Perms.READ, r)) {
                reply(r, ErrorCode.NO_AUTH, null);
            } else {
                if (req.watch()) {
                    watches.add(path, watcher, WatchKind.DATA);
                }
                reply(r, ErrorCode.OK, new StatResponse(n.stat()));
            }
        } finally {
            lock.unlock();
        }
    }

    private void getData(Request r, Watcher watcher) {
        PathWatchRequest req = (PathWatchRequest) r.body;
        answerFromNode(r, req.path(), Perms.READ, (path, n) -> {
            if (req.watch()) {
                watches.add(path, watcher, WatchKind.DATA);
            }
            return new GetDataResponse(n.data(), n.stat());
        });
    }

    private void getChildren(Request r, Watcher watcher) {
        PathWatchRequest req = (PathWatchRequest) r.body;
        answerFromNode(r, req.path(), Perms.READ, (path, n) -> {
            if (req.watch()) {
                watches.add(path, watcher, WatchKind.CHILD);
            }
            return new ChildrenResponse(new ArrayList<>(n.children()), r.op == OpCode.GET_CHILDREN2 ? n.stat() : null);
        });
    }

    private void getAcl(Request r) {
        answerFromNode(r, ((PathRequest) r.body).path(), Perms.READ | Perms.ADMIN, (path, n) -> {
            List<Acl> acl = allowed(n.acl(), Perms.ADMIN, r) ? n.acl() : AclChecker.maskDigests(n.acl());
            return new GetAclResponse(acl, n.stat());
        });
    }

    /** Builds the answer about a node the caller may read; runs under the node's stripe lock. */
    private interface NodeAnswer {
        Record answer(String path, DataNode node);
    }

    /**
     * Looks the node up under its stripe lock and answers NoNode, NoAuth (without any bit of {@code perm}),
     * or {@code answer}'s record, queued while the lock is still held.
     */
    private void answerFromNode(Request r, String requestedPath, int perm, NodeAnswer answer) {
        String path = lookupPath(requestedPath);
        if (path == null) {
            reply(r, ErrorCode.MARSHALLING_ERROR, null);
            return;
        }
        ReentrantLock lock = tree.locks().lockFor(path);
        lock.lock();
        try {
            DataNode n = tree.get(path);
            if (n == null) {
                reply(r, ErrorCode.NO_NODE, null);
            } else if (!allowed(n.acl(), perm, r)) {
                reply(r, ErrorCode.NO_AUTH, null);
            } else {
                reply(r, ErrorCode.OK, answer.answer(path, n));
            }
        } finally {
            lock.unlock();
        }
    }

    private void getAllChildrenNumber(Request r) {
        String path = lookupPath(((PathRequest) r.body).path());
        if (path == null) {
            reply(r, ErrorCode.MARSHALLING_ERROR, null);
            return;
        }
        DataNode n = tree.get(path);
        List<Acl> acl = null;
        if (n != null) {
            ReentrantLock lock = tree.locks().lockFor(path);
            lock.lock();
            try {
                acl = n.acl();
            } finally {
                lock.unlock();
            }
        }
        if (n == null) {
            reply(r, ErrorCode.NO_NODE, null);
        } else if (!allowed(acl, Perms.READ, r)) {
            reply(r, ErrorCode.NO_AUTH, null);
        } else {
            int count = tree.countDescendants(path);
            if (count >= 0 && ((PathRequest) r.body).path().isEmpty()) {
                count++; // ZooKeeper counts every path that starts with "/" for "", so the root too
            }
            reply(r, count < 0 ? ErrorCode.NO_NODE : ErrorCode.OK, count < 0 ? null : new IntResponse(count));
        }
    }

    private void getEphemerals(Request r) {
        String prefix = ((PathRequest) r.body).path();
        boolean all = prefix == null || prefix.isEmpty() || prefix.trim().equals("/");
        List<String> out = new ArrayList<>();
        for (String p : tree.ephemeralsOf(r.sessionId)) {
            if (all || p.startsWith(prefix)) {
                out.add(p);
            }
        }
        out.sort(null);
        reply(r, ErrorCode.OK, new ChildrenResponse(out, null));
    }

    private void checkOrRemoveWatches(Request r, Watcher watcher) {
        PathModeRequest req = (PathModeRequest) r.body;
        String path = req.path();
        if (!PathValidator.isValid(path) || req.mode() < WatcherType.CHILDREN
                || req.mode() > WatcherType.PERSISTENT_RECURSIVE) {
            reply(r, ErrorCode.BAD_ARGUMENTS, null);
            return;
        }
        boolean found;
        ReentrantLock lock = tree.locks().lockFor(path);
        lock.lock();
        try {
            found = r.op == OpCode.CHECK_WATCHES
                    ? watches.contains(path, watcher, req.mode())
                    : watches.remove(path, watcher, req.mode());
        } finally {
            lock.unlock();
        }
        reply(r, found ? ErrorCode.OK : ErrorCode.NO_WATCHER, null);
    }

    private void addWatch(Request r, Watcher watcher) {
        PathModeRequest req = (PathModeRequest) r.body;
        String path = req.path();
        if (!PathValidator.isValid(path)) {
            reply(r, ErrorCode.BAD_ARGUMENTS, null);
            return;
        }
        int kind = switch (req.mode()) {
            case 0 -> WatchKind.PERSISTENT;
            case 1 -> WatchKind.RECURSIVE;
            default -> 0;
        };
        if (kind == 0) {
            reply(r, ErrorCode.MARSHALLING_ERROR, null);
            return;
        }
        ReentrantLock lock = tree.locks().lockFor(path);
        lock.lock();
        try {
            watches.add(path, watcher, kind);
            reply(r, ErrorCode.OK, IntResponse.ZERO);
        } finally {
            lock.unlock();
        }
    }

    private void whoAmI(Request r) {
        List<ClientInfo> infos = new ArrayList<>();
        if (r.authIds != null) {
            for (Id id : r.authIds) {
                String user = id.id();
                if ("digest".equals(id.scheme())) {
                    int colon = user.indexOf(':');
                    user = colon < 0 ? user : user.substring(0, colon);
                }
                infos.add(new ClientInfo(id.scheme(), user));
            }
        }
        reply(r, ErrorCode.OK, new WhoAmIResponse(infos));
    }

    private void multiRead(Request r) {
        List<MultiOp> ops = ((MultiRequest) r.body).ops();
        List<OpResult> results = new ArrayList<>(ops.size());
        for (MultiOp op : ops) {
            String path = op.path();
            if (op.type() != OpCode.GET_DATA && op.type() != OpCode.GET_CHILDREN) {
                results.add(OpResult.error(ErrorCode.BAD_ARGUMENTS));
                continue;
            }
            path = lookupPath(path);
            if (path == null) {
                results.add(OpResult.error(ErrorCode.MARSHALLING_ERROR));
                continue;
            }
            ReentrantLock lock = tree.locks().lockFor(path);
            lock.lock();
            try {
                DataNode n = tree.get(path);
                if (n == null) {
                    results.add(OpResult.error(ErrorCode.NO_NODE));
                } else if (!allowed(n.acl(), Perms.READ, r)) {
                    results.add(OpResult.error(ErrorCode.NO_AUTH));
                } else if (op.type() == OpCode.GET_DATA) {
                    results.add(new OpResult(OpCode.GET_DATA, 0, new GetDataResponse(n.data(), n.stat())));
                } else {
                    results.add(new OpResult(OpCode.GET_CHILDREN, 0,
                            new ChildrenResponse(new ArrayList<>(n.children()), null)));
                }
            } finally {
                lock.unlock();
            }
        }
        reply(r, ErrorCode.OK, new MultiResponse(results));
    }

    /**
     * setWatches after a reconnect: a watch whose node changed since the client's last zxid fires now
     * (with no zxid), the others are registered again. Persistent watches are re-registered without replay.
     */
    private void setWatches(Request r, Watcher watcher) {
        SetWatchesRequest req = (SetWatchesRequest) r.body;
        long rel = req.relativeZxid();
        rewatchOrFire(req.dataWatches(), watcher, rel, DataNode::mzxid, EventType.NODE_DATA_CHANGED, WatchKind.DATA);
        for (String path : req.existWatches()) {
            withNode(path, n -> {
                if (n != null) {
                    watcher.deliver(EventType.NODE_CREATED, path, NO_ZXID, n.acl());
                } else {
                    watches.add(path, watcher, WatchKind.DATA);
                }
            });
        }
        rewatchOrFire(req.childWatches(), watcher, rel, DataNode::pzxid, EventType.NODE_CHILDREN_CHANGED,
                WatchKind.CHILD);
        for (String path : req.persistentWatches()) {
            withNode(path, n -> watches.add(path, watcher, WatchKind.PERSISTENT));
        }
        for (String path : req.persistentRecursiveWatches()) {
            withNode(path, n -> watches.add(path, watcher, WatchKind.RECURSIVE));
        }
        reply(r, ErrorCode.OK, null);
    }

    /**
     * Data and child watches after a reconnect: a node gone fires NodeDeleted, a node changed after the
     * client's last zxid ({@code changedAt} = mzxid or pzxid) fires {@code changedEvent}, else the watch is
     * registered again.
     */
    private void rewatchOrFire(List<String> paths, Watcher watcher, long relativeZxid,
                               java.util.function.ToLongFunction<DataNode> changedAt, int changedEvent, int kind) {
        for (String path : paths) {
            withNode(path, n -> {
                if (n == null) {
                    watcher.deliver(EventType.NODE_DELETED, path, NO_ZXID, null);
                } else if (changedAt.applyAsLong(n) > relativeZxid) {
                    watcher.deliver(changedEvent, path, NO_ZXID, n.acl());
                } else {
                    watches.add(path, watcher, kind);
                }
            });
        }
    }

    /**
     * The key a read looks a path up by. As in ZooKeeper, a read of a path that is not valid simply finds
     * no node (NoNode), and "" names the root.
     */
    private static String lookupPath(String path) {
        return path == null ? null : path.isEmpty() ? "/" : path;
    }

    private void withNode(String path, java.util.function.Consumer<DataNode> action) {
        if (!PathValidator.isValid(path)) {
            return;
        }
        ReentrantLock lock = tree.locks().lockFor(path);
        lock.lock();
        try {
            action.accept(tree.get(path));
        } finally {
            lock.unlock();
        }
    }
}
