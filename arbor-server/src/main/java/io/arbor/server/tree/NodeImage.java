package io.arbor.server.tree;

import io.arbor.protocol.Acl;
import java.util.List;

/**
 * One node as it is stored, not as clients see it ({@link DataNode#stat()} adjusts cversion and
 * ephemeralOwner): what a snapshot writes and what recovery loads. Children are not part of it; they follow
 * from the paths.
 */
public record NodeImage(String path, byte[] data, List<Acl> acl, long czxid, long mzxid, long pzxid, long ctime,
        long mtime, int version, int cversion, int aversion, long ephemeralOwner) {

    static NodeImage of(String path, DataNode n) {
        return new NodeImage(path, n.data, n.acl, n.czxid, n.mzxid, n.pzxid, n.ctime, n.mtime, n.version,
                n.cversion, n.aversion, n.ephemeralOwner);
    }

    DataNode toNode() {
        DataNode n = new DataNode(data, acl, czxid, ctime, ephemeralOwner);
        n.mzxid = mzxid;
        n.mtime = mtime;
        n.pzxid = pzxid;
        n.version = version;
        n.cversion = cversion;
        n.aversion = aversion;
        return n;
    }
}
