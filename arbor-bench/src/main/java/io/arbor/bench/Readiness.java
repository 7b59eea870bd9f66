package io.arbor.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Whether a server is ready, by the only test that counts: a new session of the stock client is established and a
 * real request (exists of a path) is answered. A server can accept TCP connections (and answer ruok) before it
 * serves requests. Until a bare handshake succeeds the stock client is not even tried (see {@link Handshake}).
 */
public final class Readiness {
    /** Pause between attempts while the port refuses connections. */
    private static final long RETRY_PAUSE_MS = 10;
    /**
     * How long a handshake may take before it is tried again: a connection ZooKeeper accepted before its data was
     * loaded can hang unanswered, so a short time, made longer only if a server keeps taking longer.
     */
    private static final int HANDSHAKE_MS = 250;
    private static final int SLOW_HANDSHAKE_MS = 1_000;
    private static final int TIMEOUTS_BEFORE_SLOW = 20;
    /** How long one attempt waits for its session; a server that accepted the connection answers well within it. */
    private static final long ATTEMPT_MS = 2_000;

    private Readiness() {
    }

    /**
     * Polls until a new session's exists({@code path}) is answered and finds the node; returns when it was.
     *
     * @param alive false once the server's process is gone (fail fast instead of waiting out the timeout)
     */
    /**
     * @param answeredNanos System.nanoTime() when the request was answered
     * @param how what it took, for the server's log
     */
    public record Ready(long answeredNanos, String how) {
    }

    public static Ready await(String host, int port, String path, Duration timeout, BooleanSupplier alive)
            throws InterruptedException, TimeoutException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = "no attempt";
        int handshakes = 0;
        int timeouts = 0;
        int attempts = 0;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("the server's process ended before it was ready (" + last + ")");
            }
            handshakes++;
            Handshake.Outcome outcome = Handshake.attempt(host, port,
                    timeouts >= TIMEOUTS_BEFORE_SLOW ? SLOW_HANDSHAKE_MS : HANDSHAKE_MS);
            if (outcome == Handshake.Outcome.TIMED_OUT) {
                timeouts++;
            }
            if (outcome != Handshake.Outcome.ESTABLISHED) {
                last = "no session from port " + port + " (" + outcome + ")";
                Thread.sleep(RETRY_PAUSE_MS);
                continue;
            }
            long handshaken = System.nanoTime();
            attempts++;
            try {
                long answered = attempt(host + ":" + port, path);
                if (answered > 0) {
                    return new Ready(answered, String.format(java.util.Locale.ROOT, "answered after %.3f s: %d"
                            + " handshake(s), then %d client attempt(s), the last answered %.3f s after its"
                            + " handshake", (answered - start) / 1e9, handshakes, attempts,
                            (answered - handshaken) / 1e9));
                }
                last = path + " does not exist";
            } catch (IOException | KeeperException e) {
                last = e.toString();
            }
            Thread.sleep(RETRY_PAUSE_MS);
        }
        throw new TimeoutException("server at " + host + ":" + port + " not ready within " + timeout.toSeconds()
                + " s: " + last);
    }

    /**
     * One session of the stock client, one exists(). Called once a handshake succeeded, so the client's first
     * connection normally is the one that gets the session; should it be dropped, the attempt ends at once.
     */
    private static long attempt(String connectString, String path)
            throws IOException, InterruptedException, KeeperException {
        CountDownLatch settled = new CountDownLatch(1);
        boolean[] connected = new boolean[1];
        Watcher watcher = (WatchedEvent e) -> {
            if (e.getType() != Watcher.Event.EventType.None) {
                return;
            }
            synchronized (connected) {
                if (settled.getCount() == 0) {
                    return;
                }
                connected[0] = e.getState() == Watcher.Event.KeeperState.SyncConnected;
            }
            settled.countDown();
        };
        ZooKeeper zk = new ZooKeeper(connectString, Clients.SESSION_TIMEOUT_MS, watcher);
        try {
            if (!settled.await(ATTEMPT_MS, TimeUnit.MILLISECONDS)) {
                throw new IOException("no session within " + ATTEMPT_MS + " ms");
            }
            synchronized (connected) {
                if (!connected[0]) {
                    throw new IOException("connection dropped before the session was established");
                }
            }
            Stat stat = zk.exists(path, false);
            return stat != null ? System.nanoTime() : 0;
        } finally {
            zk.close(1_000);
        }
    }
}
