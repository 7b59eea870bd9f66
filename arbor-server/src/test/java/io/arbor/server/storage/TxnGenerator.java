package io.arbor.server.storage;

import io.arbor.protocol.Acl;
import io.arbor.protocol.EphemeralOwner;
import io.arbor.protocol.Id;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.Perms;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random but valid txns, as PREPARE would make them: creates (plain, sequential, ephemeral, container, TTL)
 * under a few reused names so that paths are deleted and created again, deletes of leaves, setData and
 * setACL with the next version, multis of those, and sessions that come and close with their ephemerals.
 * It keeps its own model of the tree to stay valid.
 */
final class TxnGenerator {
    private static final String[] NAMES = {"a", "b", "c", "d", "e"};
    private static final List<Acl> OTHER_ACL = List.of(new Acl(Perms.READ | Perms.WRITE, new Id("digest",
            "u:abc")), new Acl(Perms.ALL, new Id("ip", "10.0.0.0/8")));

    private static final class Node {
        int version;
        int aversion;
        int cversion;
        long owner;
        final Set<String> children = new LinkedHashSet<>();
    }

    private final Random random;
    private final Map<String, Node> nodes = new HashMap<>();
    private final List<String> paths = new ArrayList<>();
    private final Map<Long, Set<String>> sessions = new HashMap<>();
    private final List<Long> sessionIds = new ArrayList<>();
    private long zxid;
    private long nextSession = 0x100;

    TxnGenerator(long seed) {
        random = new Random(seed);
        nodes.put("/", new Node());
    }

    List<Txn> generate(int count) {
        List<Txn> out = new ArrayList<>(count);
        while (out.size() < count) {
            Txn t = next();
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private Txn next() {
        int r = random.nextInt(100);
        long session = sessionIds.isEmpty() ? 1 : sessionIds.get(random.nextInt(sessionIds.size()));
        if (r < 6 || sessionIds.isEmpty()) {
            long id = nextSession++;
            sessions.put(id, new LinkedHashSet<>());
            sessionIds.add(id);
            return txn(id, new CreateSessionTxn(4000, new byte[] {(byte) id}));
        }
        if (r < 10) {
            Set<String> eph = sessions.remove(session);
            sessionIds.remove(session);
            List<String> list = new ArrayList<>(eph);
            for (String p : list) {
                removeNode(p);
            }
            return txn(session, new CloseSessionTxn(list));
        }
        if (r < 20) {
            List<TxnBody> ops = new ArrayList<>();
            int n = 2 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                TxnBody op = op(session);
                if (op != null) {
                    ops.add(op);
                }
            }
            return ops.isEmpty() ? null : txn(session, new MultiTxn(ops));
        }
        TxnBody op = op(session);
        return op == null ? null : txn(session, op);
    }

    private TxnBody op(long session) {
        int r = random.nextInt(100);
        if (r < 50) {
            return create(session);
        }
        if (paths.isEmpty()) {
            return null;
        }
        String path = paths.get(random.nextInt(paths.size()));
        Node n = nodes.get(path);
        if (r < 70) {
            if (!n.children.isEmpty()) {
                return null;
            }
            removeNode(path);
            return new DeleteTxn(path);
        }
        if (r < 88) {
            return new SetDataTxn(path, data(), ++n.version);
        }
        return new SetAclTxn(path, random.nextBoolean() ? Acl.OPEN_ACL_UNSAFE : OTHER_ACL, ++n.aversion);
    }

    private TxnBody create(long session) {
        List<String> parents = new ArrayList<>();
        parents.add("/");
        for (String p : paths) {
            if (!EphemeralOwner.isSession(nodes.get(p).owner) && p.chars().filter(c -> c == '/').count() < 4) {
                parents.add(p);
            }
        }
        String parentPath = parents.get(random.nextInt(parents.size()));
        Node parent = nodes.get(parentPath);
        String prefix = parentPath.equals("/") ? "/" : parentPath + "/";
        String path;
        if (random.nextInt(4) == 0) {
            path = prefix + "s-" + String.format("%010d", parent.cversion);
        } else {
            path = prefix + NAMES[random.nextInt(NAMES.length)];
        }
        if (nodes.containsKey(path)) {
            return null;
        }
        int kind = random.nextInt(20);
        long owner = kind < 5 ? session : kind == 5 ? EphemeralOwner.CONTAINER
                : kind == 6 ? EphemeralOwner.ttl(1000 + random.nextInt(1000)) : 0;
        Node n = new Node();
        n.owner = owner;
        nodes.put(path, n);
        paths.add(path);
        parent.children.add(path);
        parent.cversion++;
        if (EphemeralOwner.isSession(owner)) {
            sessions.get(owner).add(path);
        }
        return new CreateTxn(path, random.nextInt(8) == 0 ? null : data(), random.nextBoolean()
                ? Acl.OPEN_ACL_UNSAFE : OTHER_ACL, owner, parent.cversion);
    }

    private void removeNode(String path) {
        Node n = nodes.remove(path);
        paths.remove(path);
        String parent = path.substring(0, Math.max(1, path.lastIndexOf('/')));
        nodes.get(parent).children.remove(path);
        Set<String> owned = sessions.get(n.owner);
        if (owned != null) { // null: the session is being closed
            owned.remove(path);
        }
    }

    private byte[] data() {
        byte[] b = new byte[random.nextInt(20)];
        random.nextBytes(b);
        return b;
    }

    private Txn txn(long session, TxnBody body) {
        zxid++;
        return new Txn(new TxnHeader(session, (int) zxid, zxid, 1_000_000 + zxid * 7, body.type()), body);
    }

    static boolean isMulti(Txn t) {
        return t.header().type() == OpCode.MULTI;
    }
}
