package io.arbor.it;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Proves that nothing more is coming: the watching client sets an exists watch on a fresh path, the changing
 * client creates it, and once that NodeCreated arrives every event the server owed the watching client for
 * the changing client's earlier writes has been delivered (the server applies writes and sends events in
 * order, and the client calls watchers in the order they arrive). Tests assert "no event" after a barrier.
 */
public final class EventBarrier {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private EventBarrier() {}

    public static void pass(ZooKeeper watching, ZooKeeper changing) throws KeeperException, InterruptedException {
        String path = "/barrier-" + SEQ.incrementAndGet();
        RecordingWatcher w = new RecordingWatcher();
        if (watching.exists(path, w) != null) {
            throw new IllegalStateException(path + " already exists");
        }
        changing.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        w.await(Watcher.Event.EventType.NodeCreated, path);
        changing.delete(path, -1);
    }
}
