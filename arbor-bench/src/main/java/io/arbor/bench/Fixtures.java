package io.arbor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** Data a workload needs before it is measured, and its removal from a --target afterwards. */
public final class Fixtures {
    private Fixtures() {
    }

    /** Creates a persistent znode with no data. */
    public static void createEmpty(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
        zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    /** The paths parent/n0000 .. parent/n(count-1), zero-padded to the same length. */
    public static List<String> childPaths(String parent, int count) {
        int digits = Math.max(4, Integer.toString(count - 1).length());
        List<String> paths = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            paths.add(parent + "/n" + String.format(Locale.ROOT, "%0" + digits + "d", i));
        }
        return paths;
    }

    /** Creates {@code paths} (persistent, holding {@code data}) with the bench's sessions and window. */
    public static void createAll(List<ZooKeeper> sessions, int inflight, List<String> paths, byte[] data,
            Progress progress, String label) throws InterruptedException {
        BulkLoad.Result r = BulkLoad.run(sessions, inflight, paths.size(),
                (zk, i, done) -> zk.create(paths.get((int) i), data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT, (rc, p, ctx, name) -> done.done(rc), null),
                progress, label);
        if (r.errors() > 0) {
            throw new IllegalStateException(r.errors() + " of " + paths.size() + " creates failed while preparing");
        }
    }

    /**
     * A sync of {@code path} on every session, answered: afterwards each session's server has applied every write
     * answered before (an ensemble's member answers reads from its own copy of the tree, which may lag behind what
     * other sessions wrote through other members; on a single server it is a round trip).
     */
    public static void syncAll(List<ZooKeeper> sessions, String path) throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(sessions.size());
        AtomicInteger failed = new AtomicInteger();
        for (ZooKeeper zk : sessions) {
            zk.sync(path, (rc, p, ctx) -> {
                if (rc != 0) {
                    failed.incrementAndGet();
                }
                answered.countDown();
            }, null);
        }
        if (!answered.await(60, TimeUnit.SECONDS) || failed.get() > 0) {
            throw new IllegalStateException("sync of " + path + " failed or was not answered on "
                    + (failed.get() + answered.getCount()) + " of " + sessions.size() + " sessions");
        }
    }

    /**
     * Deletes {@code root} and everything up to two levels below it (the deepest any workload creates), the leaves
     * asynchronously with the given window.
     */
    public static void deleteTree(List<ZooKeeper> sessions, int inflight, String root, Progress progress,
            String label) throws KeeperException, InterruptedException {
        ZooKeeper zk = sessions.get(0);
        if (zk.exists(root, false) == null) {
            return;
        }
        List<String> children = new ArrayList<>();
        for (String c : zk.getChildren(root, false)) {
            children.add(root + "/" + c);
        }
        List<String> grandchildren = listChildren(zk, children);
        deleteAll(sessions, inflight, grandchildren, progress, label);
        deleteAll(sessions, inflight, children, progress, label);
        zk.delete(root, -1);
    }

    private static List<String> listChildren(ZooKeeper zk, List<String> parents) throws InterruptedException {
        List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch listed = new CountDownLatch(parents.size());
        AtomicInteger failed = new AtomicInteger();
        for (String p : parents) {
            zk.getChildren(p, false, (rc, path, ctx, names) -> {
                if (rc == 0) {
                    for (String n : names) {
                        out.add(path + "/" + n);
                    }
                } else {
                    failed.incrementAndGet();
                }
                listed.countDown();
            }, null);
        }
        if (!listed.await(120, TimeUnit.SECONDS) || failed.get() > 0) {
            throw new IllegalStateException("could not list the children of " + parents.size() + " znodes");
        }
        return out;
    }

    private static void deleteAll(List<ZooKeeper> sessions, int inflight, List<String> paths, Progress progress,
            String label) throws InterruptedException {
        BulkLoad.run(sessions, inflight, paths.size(),
                (zk, i, done) -> zk.delete(paths.get((int) i), -1, (rc, p, ctx) -> done.done(rc), null),
                progress, label + " | clean-up");
    }
}
