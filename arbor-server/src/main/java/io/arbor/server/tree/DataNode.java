package io.arbor.server.tree;

import io.arbor.protocol.Acl;
import io.arbor.protocol.EphemeralOwner;
import io.arbor.protocol.Stat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One znode. Only APPLY's thread changes it, and only while holding the node's stripe lock
 * ({@link NodeLocks}); every reader takes the same lock, so a reader sees a node between txns, never half
 * way through one.
 */
public final class DataNode {
    byte[] data;
    List<Acl> acl;
    final long czxid;
    final long ctime;
    final long ephemeralOwner;
    long mzxid;
    long mtime;
    long pzxid;
    int version;
    int cversion;
    int aversion;
    private Set<String> children;

    DataNode(byte[] data, List<Acl> acl, long zxid, long time, long ephemeralOwner) {
        this.data = data;
        this.acl = acl;
        this.czxid = zxid;
        this.mzxid = zxid;
        this.pzxid = zxid;
        this.ctime = time;
        this.mtime = time;
        this.ephemeralOwner = ephemeralOwner;
    }

    /**
     * The Stat as clients see it, which is not quite what is stored (as in ZooKeeper):
     * <ul>
     * <li>the stored cversion counts the creates of children (it names sequential children); clients see the
     * number of child changes, creates plus deletes, which is {@code 2 * creates - children now};</li>
     * <li>a container's or a TTL node's ephemeralOwner encoding is shown as 0: only a session owner shows.</li>
     * </ul>
     * What is stored (for snapshots, replication, the reaper) is read through the accessors below.
     */
    public Stat stat() {
        int children = numChildren();
        long owner = EphemeralOwner.isSession(ephemeralOwner) ? ephemeralOwner : 0;
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion * 2 - children, aversion, owner,
                data == null ? 0 : data.length, children, pzxid);
    }

    /** The data; null when the client sent none (ZooKeeper answers null then, not an empty array). */
    public byte[] data() {
        return data;
    }

    public List<Acl> acl() {
        return acl;
    }

    public long ephemeralOwner() {
        return ephemeralOwner;
    }

    public long czxid() {
        return czxid;
    }

    public long ctime() {
        return ctime;
    }

    public long mzxid() {
        return mzxid;
    }

    public long pzxid() {
        return pzxid;
    }

    public long mtime() {
        return mtime;
    }

    public int version() {
        return version;
    }

    /** The stored cversion: the number of children ever created here (the next sequential suffix). */
    public int cversion() {
        return cversion;
    }

    public int aversion() {
        return aversion;
    }

    public int numChildren() {
        return children == null ? 0 : children.size();
    }

    /** The live set of child names; callers hold the node's lock and copy what they keep. */
    public Set<String> children() {
        return children == null ? Set.of() : children;
    }

    void addChild(String name) {
        if (children == null) {
            children = new HashSet<>(4);
        }
        children.add(name);
    }

    void removeChild(String name) {
        if (children != null) {
            children.remove(name);
        }
    }
}
