package io.arbor.it.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Stat;

/**
 * Renders results as text in which two servers can agree: every distinct zxid becomes z1, z2... in order of
 * first appearance, every session id s1, s2... in the order the harness opened the sessions, times only say
 * whether they are set (and mtime never before ctime), children lists and whoAmI's ids are sorted (their
 * order is unspecified in ZooKeeper). ACL lists keep their order. One instance per server and script.
 */
final class Normaliser {
    private final Map<Long, String> zxids = new HashMap<>();
    private final Map<Long, String> sessions = new HashMap<>();

    /** A session the harness opened; it is named s1, s2... in opening order. */
    void session(long sessionId) {
        sessions.putIfAbsent(sessionId, "s" + (sessions.size() + 1));
    }

    String zxid(long zxid) {
        if (zxid <= 0) {
            return Long.toString(zxid); // 0 (system nodes) and -1 are values, not positions in a history
        }
        return zxids.computeIfAbsent(zxid, z -> "z" + (zxids.size() + 1));
    }

    /** A session id, or the container / TTL encoding, which is the same on every server. */
    String owner(long owner) {
        if (owner == 0) {
            return "0";
        }
        String s = sessions.get(owner);
        return s != null ? s : "0x" + Long.toHexString(owner);
    }

    String stat(Stat s) {
        if (s == null) {
            return "null";
        }
        String mtime = s.getMtime() == 0 ? "0" : s.getMtime() < s.getCtime() ? "before-ctime!" : "t";
        return "{cz=" + zxid(s.getCzxid()) + " mz=" + zxid(s.getMzxid()) + " pz=" + zxid(s.getPzxid())
                + " ct=" + (s.getCtime() == 0 ? "0" : "t") + " mt=" + mtime
                + " v=" + s.getVersion() + " cv=" + s.getCversion() + " av=" + s.getAversion()
                + " owner=" + owner(s.getEphemeralOwner()) + " len=" + s.getDataLength()
                + " kids=" + s.getNumChildren() + "}";
    }

    static String data(byte[] data) {
        return data == null ? "<null>" : "'" + new String(data, StandardCharsets.UTF_8) + "'";
    }

    static String sorted(List<String> names) {
        if (names == null) {
            return "<null>";
        }
        List<String> copy = new ArrayList<>(names);
        copy.sort(null);
        return copy.toString();
    }

    static String acl(List<ACL> acl) {
        if (acl == null) {
            return "<null>";
        }
        return acl.stream().map(a -> a.getPerms() + "/" + a.getId().getScheme() + ":" + a.getId().getId())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String clients(List<ClientInfo> infos) {
        if (infos == null) {
            return "<null>";
        }
        return infos.stream().map(i -> i.getAuthScheme() + ":" + i.getUser()).sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    String results(List<OpResult> results) {
        if (results == null) {
            return "<null>";
        }
        List<String> out = new ArrayList<>(results.size());
        for (OpResult r : results) {
            out.add(result(r));
        }
        return out.toString();
    }

    private String result(OpResult r) {
        String type = "type " + r.getType();
        if (r instanceof OpResult.CreateResult c) {
            return type + " create " + c.getPath() + " " + stat(c.getStat());
        } else if (r instanceof OpResult.SetDataResult s) {
            return type + " setData " + stat(s.getStat());
        } else if (r instanceof OpResult.DeleteResult) {
            return type + " delete";
        } else if (r instanceof OpResult.CheckResult) {
            return type + " check";
        } else if (r instanceof OpResult.GetDataResult g) {
            return type + " getData " + data(g.getData()) + " " + stat(g.getStat());
        } else if (r instanceof OpResult.GetChildrenResult g) {
            return type + " getChildren " + sorted(g.getChildren());
        } else if (r instanceof OpResult.ErrorResult e) {
            return type + " error " + KeeperException.Code.get(e.getErr());
        }
        return type + " " + r.getClass().getSimpleName();
    }
}
