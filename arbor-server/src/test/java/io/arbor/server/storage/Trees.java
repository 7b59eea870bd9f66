package io.arbor.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.server.tree.DataTree;
import io.arbor.server.tree.NodeImage;
import io.arbor.server.watch.WatchManager;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Compares trees by what is stored: every node's raw fields, data, ACL and children, and the indexes. */
final class Trees {
    private Trees() {
    }

    static DataTree fresh() {
        return new DataTree(new WatchManager());
    }

    /** A node as comparable text: the record's own equals compares byte arrays by identity. */
    private static String describe(DataTree tree, NodeImage n) {
        return "data=" + (n.data() == null ? "null" : HexFormat.of().formatHex(n.data())) + " acl=" + n.acl()
                + " czxid=" + n.czxid() + " mzxid=" + n.mzxid() + " pzxid=" + n.pzxid() + " ctime=" + n.ctime()
                + " mtime=" + n.mtime() + " version=" + n.version() + " cversion=" + n.cversion()
                + " aversion=" + n.aversion() + " owner=" + Long.toHexString(n.ephemeralOwner())
                + " children=" + new TreeSet<>(tree.get(n.path()).children());
    }

    static Map<String, String> describe(DataTree tree) {
        Map<String, String> out = new TreeMap<>();
        tree.walk(n -> out.put(n.path(), describe(tree, n)));
        return out;
    }

    static void assertSameTree(DataTree actual, DataTree expected, String context) {
        Map<String, String> a = describe(actual);
        Map<String, String> e = describe(expected);
        assertThat(a.keySet()).as(context + ": paths").isEqualTo(e.keySet());
        for (String path : e.keySet()) {
            assertThat(a.get(path)).as(context + ": node " + path).isEqualTo(e.get(path));
        }
        assertThat(actual.nodeCount()).as(context + ": nodes in the map (none unreachable)")
                .isEqualTo(expected.nodeCount());
        assertThat(sorted(actual.ephemeralsBySession())).as(context + ": ephemerals")
                .isEqualTo(sorted(expected.ephemeralsBySession()));
        assertThat(new TreeSet<>(actual.containers())).as(context + ": containers")
                .isEqualTo(new TreeSet<>(expected.containers()));
        assertThat(new TreeSet<>(actual.ttlNodes())).as(context + ": TTL nodes")
                .isEqualTo(new TreeSet<>(expected.ttlNodes()));
        assertThat(actual.lastProcessedZxid()).as(context + ": last zxid").isEqualTo(expected.lastProcessedZxid());
    }

    private static Map<Long, Set<String>> sorted(Map<Long, Set<String>> m) {
        Map<Long, Set<String>> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, new TreeSet<>(v));
            }
        });
        return out;
    }
}
