package io.arbor.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * A JVM of the bench's that holds many idle sessions of the stock client open: each client takes two threads and
 * three file descriptors, so 10,000 of them are spread over several of these. Talks to the bench over its
 * stdin/stdout: prints "progress N" while connecting and "ready CONNECTED FAILED MILLIS" once every session is
 * established or has failed, then holds them until it reads "close" (or stdin ends), closes them all, prints
 * "closed" and exits.
 */
public final class SessionHolderMain {
    /** Sessions being established at once: enough to keep the server busy, few enough not to time out. */
    private static final int CONNECTING_AT_ONCE = 100;
    private static final long CONNECT_TIMEOUT_MS = 60_000;

    private SessionHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        String connectString = args[0];
        int count = Integer.parseInt(args[1]);
        int sessionTimeoutMs = Integer.parseInt(args[2]);
        List<ZooKeeper> sessions = new ArrayList<>(count);
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        CountDownLatch settled = new CountDownLatch(count);
        AtomicInteger connected = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (!connecting.tryAcquire(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                break; // the server stopped answering: report what there is
            }
            sessions.add(new ZooKeeper(connectString, sessionTimeoutMs, new Watcher() {
                private boolean first = true;

                @Override
                public synchronized void process(WatchedEvent e) {
                    if (first && e.getState() == Event.KeeperState.SyncConnected) {
                        first = false;
                        connected.incrementAndGet();
                        connecting.release();
                        settled.countDown();
                    }
                }
            }));
            if (i % 250 == 0) {
                System.out.println("progress " + connected.get());
            }
        }
        settled.await(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println(String.format(Locale.ROOT, "ready %d %d %d", connected.get(), count - connected.get(),
                millis));
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("close")) {
                // wait for the bench
            }
        }
        // Many at once: the stock client sleeps 100 ms in each close after shutting the socket.
        ExecutorService closers = Executors.newFixedThreadPool(250);
        for (ZooKeeper zk : sessions) {
            closers.execute(() -> Clients.close(zk));
        }
        closers.shutdown();
        closers.awaitTermination(5, TimeUnit.MINUTES);
        System.out.println("closed");
        System.out.flush();
        System.exit(0);
    }
}
