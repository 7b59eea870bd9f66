package io.arbor.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Stock ZooKeeper clients, returned only once their session is established. */
public final class Clients {
    public static final int SESSION_TIMEOUT_MS = 30_000;
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(30);

    private Clients() {
    }

    /** One connected client. */
    public static ZooKeeper connect(String connectString) throws IOException, InterruptedException, TimeoutException {
        return connectAll(connectString, 1).get(0);
    }

    /** {@code n} clients, connecting in parallel; all connected, or none are left open. */
    public static List<ZooKeeper> connectAll(String connectString, int n)
            throws IOException, InterruptedException, TimeoutException {
        return connectAll(java.util.Collections.nCopies(n, connectString));
    }

    /** A client per connect string, connecting in parallel; all connected, or none are left open. */
    public static List<ZooKeeper> connectAll(List<String> connectStrings)
            throws IOException, InterruptedException, TimeoutException {
        int n = connectStrings.size();
        CountDownLatch connected = new CountDownLatch(n);
        List<ZooKeeper> clients = new ArrayList<>(n);
        try {
            for (String connectString : connectStrings) {
                clients.add(new ZooKeeper(connectString, SESSION_TIMEOUT_MS, onceConnected(connected)));
            }
            if (!connected.await(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException(connected.getCount() + " of " + n + " sessions to "
                        + new java.util.LinkedHashSet<>(connectStrings) + " not established within "
                        + CONNECT_WAIT.toSeconds() + " s");
            }
            return clients;
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            closeAll(clients);
            throw e;
        }
    }

    /** A default watcher that counts {@code latch} down on the first SyncConnected only. */
    public static Watcher onceConnected(CountDownLatch latch) {
        return new Watcher() {
            private boolean seen;

            @Override
            public synchronized void process(org.apache.zookeeper.WatchedEvent event) {
                if (!seen && event.getState() == Event.KeeperState.SyncConnected) {
                    seen = true;
                    latch.countDown();
                }
            }
        };
    }

    /**
     * Closes every client, all at once: the stock client sleeps 100 ms in each close after shutting its socket, so
     * closing a hundred one after another would take ten seconds.
     */
    public static void closeAll(List<ZooKeeper> clients) {
        if (clients.size() == 1) {
            close(clients.get(0));
            return;
        }
        List<Thread> closers = new ArrayList<>(clients.size());
        for (ZooKeeper zk : clients) {
            Thread t = new Thread(() -> close(zk), "bench-close");
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static void close(ZooKeeper zk) {
        try {
            zk.close(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
