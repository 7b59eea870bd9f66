package io.arbor.server.tree;

import io.arbor.protocol.Acl;
import io.arbor.protocol.EphemeralOwner;
import io.arbor.protocol.EventType;
import io.arbor.protocol.PathValidator;
import io.arbor.protocol.Stat;
import io.arbor.protocol.txn.CheckTxn;
import io.arbor.protocol.txn.CloseSessionTxn;
import io.arbor.protocol.txn.CreateSessionTxn;
import io.arbor.protocol.txn.CreateTxn;
import io.arbor.protocol.txn.DeleteTxn;
import io.arbor.protocol.txn.ErrorTxn;
import io.arbor.protocol.txn.MultiTxn;
import io.arbor.protocol.txn.SetAclTxn;
import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.protocol.txn.TxnBody;
import io.arbor.server.watch.WatchManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The znode tree. {@link #apply} is the only writer and runs on APPLY's thread; it touches no socket, clock
 * or disk (watch events are handed to {@link WatchManager}, which only queues them), so recovery,
 * replication and tests drive it alike. Readers on any thread look nodes up without a global lock and read
 * them under the node's stripe lock.
 */
public final class DataTree {
    private static final Logger LOG = LoggerFactory.getLogger(DataTree.class);
    public static final String ZOOKEEPER = "/zookeeper";
    public static final String QUOTA = "/zookeeper/quota";
    public static final String CONFIG = "/zookeeper/config";

    private final ConcurrentHashMap<String, DataNode> nodes = new ConcurrentHashMap<>(1 << 12);
    private final ConcurrentHashMap<Long, Set<String>> ephemerals = new ConcurrentHashMap<>();
    private final Set<String> containers = ConcurrentHashMap.newKeySet();
    private final Set<String> ttlNodes = ConcurrentHashMap.newKeySet();
    private final NodeLocks locks = new NodeLocks();
    private final WatchManager watches;
    private volatile long lastProcessedZxid;
    private volatile long dataSize;

    /**
     * One list object per distinct ACL: nodes share it instead of each holding its own copy decoded from the wire
     * (a list, an Acl and an Id per node: ~100 bytes of a million-node tree's heap). Distinct ACLs are few; they
     * are kept for the tree's life, as their count is bounded by what clients ever set.
     */
    private final ConcurrentHashMap<List<Acl>, List<Acl>> aclCache = new ConcurrentHashMap<>();

    private List<Acl> intern(List<Acl> acl) {
        if (acl == null) {
            return null;
        }
        List<Acl> known = aclCache.get(acl);
        if (known != null) {
            return known;
        }
        List<Acl> copy = List.copyOf(acl);
        List<Acl> raced = aclCache.putIfAbsent(copy, copy);
        return raced != null ? raced : copy;
    }

    public DataTree(WatchManager watches) {
        this.watches = watches;
        DataNode root = new DataNode(new byte[0], Acl.OPEN_ACL_UNSAFE, 0, 0, 0);
        nodes.put("/", root);
        addSystemNode("/", ZOOKEEPER, Acl.OPEN_ACL_UNSAFE);
        addSystemNode(ZOOKEEPER, QUOTA, Acl.OPEN_ACL_UNSAFE);
        addSystemNode(ZOOKEEPER, CONFIG, Acl.READ_ACL_UNSAFE);
        // ZooKeeper gives /zookeeper/config its ACL by a setACL with version -1, which it stores as the aversion
        nodes.get(CONFIG).aversion = -1;
    }

    private void addSystemNode(String parent, String path, List<Acl> acl) {
        nodes.put(path, new DataNode(new byte[0], acl, 0, 0, 0));
        nodes.get(parent).addChild(PathValidator.name(path));
    }

    /**
     * Sets what /zookeeper/config holds: the ensemble's membership, as every member derives it from its
     * configuration (no txn; every member sets the same bytes).
     */
    public void setConfigData(byte[] data) {
        var lock = locks.lockFor(CONFIG);
        lock.lock();
        try {
            nodes.get(CONFIG).data = data;
        } finally {
            lock.unlock();
        }
    }

    /** Paths no client may delete. */
    public static boolean isSpecialPath(String path) {
        return path.equals("/") || path.equals(ZOOKEEPER) || path.equals(QUOTA) || path.equals(CONFIG);
    }

    public NodeLocks locks() {
        return locks;
    }

    public WatchManager watches() {
        return watches;
    }

    /** The node at a path, or null; read its fields under {@code locks().lockFor(path)}. */
    public DataNode get(String path) {
        return nodes.get(path);
    }

    public long lastProcessedZxid() {
        return lastProcessedZxid;
    }

    public int nodeCount() {
        return nodes.size();
    }

    public long approximateDataSize() {
        return dataSize;
    }

    public Set<String> ephemeralsOf(long sessionId) {
        Set<String> paths = ephemerals.get(sessionId);
        return paths == null ? Set.of() : paths;
    }

    public int ephemeralCount() {
        int n = 0;
        for (Set<String> s : ephemerals.values()) {
            n += s.size();
        }
        return n;
    }

    public java.util.Map<Long, Set<String>> ephemeralsBySession() {
        return ephemerals;
    }

    public Set<String> containers() {
        return containers;
    }

    public Set<String> ttlNodes() {
        return ttlNodes;
    }

    /**
     * Applies a committed txn and returns, per op, the Stat of the node it created or changed (null for a
     * delete or a check). Txns must come in zxid order.
     */
    public Stat[] apply(Txn txn) {
        TxnBody body = txn.body();
        int[] stripes = stripesOf(body);
        for (int s : stripes) {
            locks.lock(s).lock();
        }
        try {
            Stat[] out;
            long zxid = txn.zxid();
            long time = txn.header().time();
            if (body instanceof MultiTxn multi) {
                out = new Stat[multi.ops().size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = applyOne(multi.ops().get(i), zxid, time, txn.header().sessionId());
                }
            } else {
                out = new Stat[] {applyOne(body, zxid, time, txn.header().sessionId())};
            }
            if (zxid > lastProcessedZxid) {
                lastProcessedZxid = zxid;
            }
            return out;
        } finally {
            for (int i = stripes.length - 1; i >= 0; i--) {
                locks.lock(stripes[i]).unlock();
            }
        }
    }

    private Stat applyOne(TxnBody body, long zxid, long time, long sessionId) {
        if (body instanceof CreateTxn c) {
            return create(c, zxid, time);
        } else if (body instanceof DeleteTxn d) {
            delete(d.path(), zxid);
            return null;
        } else if (body instanceof SetDataTxn s) {
            DataNode n = nodes.get(s.path());
            if (n == null) {
                return null;
            }
            dataSize += length(s.data()) - length(n.data);
            n.data = s.data();
            n.version = s.version();
            n.mzxid = zxid;
            n.mtime = time;
            watches.triggerData(s.path(), EventType.NODE_DATA_CHANGED, zxid, n.acl);
            return n.stat();
        } else if (body instanceof SetAclTxn s) {
            DataNode n = nodes.get(s.path());
            if (n == null) {
                return null;
            }
            n.acl = intern(s.acl());
            n.aversion = s.version();
            return n.stat();
        } else if (body instanceof CloseSessionTxn close) {
            closeSession(close, sessionId, zxid);
            return null;
        } else if (body instanceof CheckTxn || body instanceof CreateSessionTxn || body instanceof ErrorTxn) {
            return null;
        }
        throw new IllegalArgumentException("cannot apply " + body);
    }

    private Stat create(CreateTxn c, long zxid, long time) {
        String path = c.path();
        String parentPath = PathValidator.parent(path);
        DataNode parent = nodes.get(parentPath);
        if (parent == null) {
            return null; // replay over a fuzzy snapshot that caught the parent after a later delete
        }
        // Raised, never lowered: over a fuzzy snapshot the parent may already show later creates than this one.
        // Live, parentCVersion and zxid are always the higher ones, so this is plain assignment there.
        raiseChildVersion(parent, c.parentCVersion(), zxid);
        if (nodes.containsKey(path)) {
            // Replay over a fuzzy snapshot that already holds this node (this incarnation or a later one):
            // the parent's counters are raised above as the create did, and the link to the parent is made
            // again, since a replayed delete of the parent may have left the snapshot's node unlinked.
            parent.addChild(PathValidator.name(path));
            return null;
        }
        DataNode node = new DataNode(c.data(), intern(c.acl()), zxid, time, c.ephemeralOwner());
        nodes.put(path, node);
        parent.addChild(PathValidator.name(path));
        dataSize += path.length() + length(c.data());
        long owner = c.ephemeralOwner();
        if (EphemeralOwner.isContainer(owner)) {
            containers.add(path);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttlNodes.add(path);
        } else if (owner != 0) {
            ephemerals.computeIfAbsent(owner, k -> ConcurrentHashMap.newKeySet()).add(path);
        }
        watches.triggerData(path, EventType.NODE_CREATED, zxid, node.acl);
        watches.triggerChildren(parentPath, zxid, parent.acl);
        return node.stat();
    }

    private void delete(String path, long zxid) {
        String parentPath = PathValidator.parent(path);
        DataNode parent = nodes.get(parentPath);
        DataNode node = nodes.remove(path);
        if (parent != null) {
            // also when the node is missing: replay over a fuzzy snapshot that caught the parent before this
            // delete and the node after it must still give the parent this delete's pzxid
            raiseChildVersion(parent, parent.cversion, zxid);
        }
        if (node == null) {
            return;
        }
        if (parent != null) {
            parent.removeChild(PathValidator.name(path));
        }
        dataSize -= path.length() + length(node.data);
        long owner = node.ephemeralOwner;
        if (EphemeralOwner.isContainer(owner)) {
            containers.remove(path);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttlNodes.remove(path);
        } else if (owner != 0) {
            Set<String> paths = ephemerals.get(owner);
            if (paths != null) {
                paths.remove(path);
                if (paths.isEmpty()) {
                    ephemerals.remove(owner, paths);
                }
            }
        }
        watches.triggerData(path, EventType.NODE_DELETED, zxid, node.acl);
        if (parent != null) {
            watches.triggerChildren(parentPath, zxid, parent.acl);
        }
    }

    private void closeSession(CloseSessionTxn close, long sessionId, long zxid) {
        for (String p : close.paths()) {
            DataNode n = nodes.get(p);
            // A node created after this txn can only be a fuzzy snapshot's later incarnation of the path (which
            // may be anyone's): the replay must delete it as the original did, or the txns between this close
            // and the path's next create would have been applied to the node that outlives them.
            if (n != null && (n.ephemeralOwner == sessionId || n.czxid > zxid)) {
                delete(p, zxid);
            } else {
                // replay over a fuzzy snapshot that holds a later state of this path: the delete still moved
                // the parent's pzxid
                DataNode parent = nodes.get(PathValidator.parent(p));
                if (parent != null) {
                    raiseChildVersion(parent, parent.cversion, zxid);
                }
            }
        }
        Set<String> left = ephemerals.get(sessionId);
        if (left != null && !left.isEmpty()) {
            // PREPARE should have listed them all; never let one outlive its session. Only APPLY holds more
            // than one stripe, so taking these out of order cannot deadlock with a reader.
            LOG.error("Session 0x{} closed at zxid 0x{} with ephemerals PREPARE did not list: {}",
                    Long.toHexString(sessionId), Long.toHexString(zxid), left);
            for (String p : List.copyOf(left)) {
                ReentrantLock a = locks.lockFor(p);
                ReentrantLock b = locks.lockFor(PathValidator.parent(p));
                a.lock();
                b.lock();
                try {
                    delete(p, zxid);
                } finally {
                    b.unlock();
                    a.unlock();
                }
            }
        }
    }

    private static void raiseChildVersion(DataNode parent, int cversion, long pzxid) {
        if (cversion > parent.cversion) {
            parent.cversion = cversion;
        }
        if (pzxid > parent.pzxid) {
            parent.pzxid = pzxid;
        }
    }

    /**
     * Hands every node to {@code sink}, parents before their children, reading each under its stripe lock
     * and holding no lock between nodes: APPLY goes on meanwhile, so the result is fuzzy (each node as it was
     * at some moment of the walk), which replaying every txn after the walk's start makes exact. A node is
     * handed over only if it was among its parent's children when the parent was read.
     */
    public void walk(Consumer<NodeImage> sink) {
        ArrayDeque<String> todo = new ArrayDeque<>();
        todo.push("/");
        List<String> children = new ArrayList<>();
        while (!todo.isEmpty()) {
            String path = todo.pop();
            NodeImage image;
            ReentrantLock lock = locks.lockFor(path);
            lock.lock();
            try {
                DataNode n = nodes.get(path); // under the lock: APPLY puts and removes under it too
                if (n == null) {
                    continue; // deleted since its parent was read
                }
                image = NodeImage.of(path, n);
                children.clear();
                children.addAll(n.children());
            } finally {
                lock.unlock();
            }
            sink.accept(image);
            String prefix = path.equals("/") ? "/" : path + "/";
            for (String c : children) {
                todo.push(prefix + c);
            }
        }
    }

    /** The stored fields of the node at a path, read under its lock; null if there is none. */
    public NodeImage image(String path) {
        ReentrantLock lock = locks.lockFor(path);
        lock.lock();
        try {
            DataNode n = nodes.get(path);
            return n == null ? null : NodeImage.of(path, n);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Recovery only, before the tree is served or applied to: replaces every node with a snapshot's and sets
     * the last processed zxid to the snapshot's. The images come parents first, as {@link #walk} gives them.
     *
     * @throws IllegalArgumentException if there is no root or a node's parent is missing
     */
    public void load(Iterable<NodeImage> images, long zxid) {
        nodes.clear();
        ephemerals.clear();
        containers.clear();
        ttlNodes.clear();
        long size = 0;
        for (NodeImage image : images) {
            String path = image.path();
            DataNode node = image.toNode();
            node.acl = intern(node.acl);
            if (!path.equals("/")) {
                DataNode parent = nodes.get(PathValidator.parent(path));
                if (parent == null) {
                    throw new IllegalArgumentException("node " + path + " comes without its parent");
                }
                parent.addChild(PathValidator.name(path));
                if (!isSpecialPath(path)) { // as the constructor, which counts the system nodes as nothing
                    size += path.length() + length(node.data);
                }
            }
            if (nodes.put(path, node) != null) {
                throw new IllegalArgumentException("node " + path + " comes twice");
            }
            long owner = node.ephemeralOwner;
            if (EphemeralOwner.isContainer(owner)) {
                containers.add(path);
            } else if (EphemeralOwner.isTtl(owner)) {
                ttlNodes.add(path);
            } else if (owner != 0) {
                ephemerals.computeIfAbsent(owner, k -> ConcurrentHashMap.newKeySet()).add(path);
            }
        }
        if (!nodes.containsKey("/")) {
            throw new IllegalArgumentException("no root node");
        }
        dataSize = size;
        lastProcessedZxid = zxid;
    }

    private int[] stripesOf(TxnBody body) {
        List<String> paths = new ArrayList<>(4);
        collectPaths(body, paths);
        int[] s = new int[paths.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = locks.stripe(paths.get(i));
        }
        Arrays.sort(s);
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (n == 0 || s[n - 1] != s[i]) {
                s[n++] = s[i];
            }
        }
        return n == s.length ? s : Arrays.copyOf(s, n);
    }

    private void collectPaths(TxnBody body, List<String> out) {
        if (body instanceof CreateTxn c) {
            out.add(c.path());
            out.add(PathValidator.parent(c.path()));
        } else if (body instanceof DeleteTxn d) {
            out.add(d.path());
            out.add(PathValidator.parent(d.path()));
        } else if (body instanceof SetDataTxn s) {
            out.add(s.path());
        } else if (body instanceof SetAclTxn s) {
            out.add(s.path());
        } else if (body instanceof MultiTxn m) {
            for (TxnBody op : m.ops()) {
                collectPaths(op, out);
            }
        } else if (body instanceof CloseSessionTxn close) {
            for (String p : close.paths()) {
                out.add(p);
                out.add(PathValidator.parent(p));
            }
        }
    }

    /** Number of descendants of a path (getAllChildrenNumber). */
    public int countDescendants(String path) {
        DataNode node = nodes.get(path);
        if (node == null) {
            return -1;
        }
        List<String> children;
        ReentrantLock lock = locks.lockFor(path);
        lock.lock();
        try {
            children = new ArrayList<>(node.children());
        } finally {
            lock.unlock();
        }
        int n = 0;
        String prefix = path.equals("/") ? "/" : path + "/";
        for (String c : children) {
            int below = countDescendants(prefix + c);
            if (below >= 0) {
                n += 1 + below;
            }
        }
        return n;
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
