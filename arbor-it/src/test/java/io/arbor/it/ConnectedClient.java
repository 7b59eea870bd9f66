package io.arbor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Opens a stock client (or a subclass of it) and returns it only once it is connected (SyncConnected seen). */
public final class ConnectedClient {
    /** A constructor of the stock client or of a subclass, such as {@code ZooKeeper::new}. */
    @FunctionalInterface
    public interface Constructor<Z extends ZooKeeper> {
        Z create(String connectString, int sessionTimeout, Watcher watcher) throws IOException;
    }

    private ConnectedClient() {}

    /** Every event also goes to {@code watcher}; fails if the client is not connected within 10 s. */
    public static <Z extends ZooKeeper> Z open(Constructor<Z> constructor, String connectString, int sessionTimeout,
            Watcher watcher) {
        try {
            CountDownLatch connected = new CountDownLatch(1);
            Z zk = constructor.create(connectString, sessionTimeout, (WatchedEvent e) -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
                watcher.process(e);
            });
            if (!connected.await(10, TimeUnit.SECONDS)) {
                zk.close();
                throw new IllegalStateException("client did not connect to " + connectString);
            }
            return zk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
