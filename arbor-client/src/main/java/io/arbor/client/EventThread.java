package io.arbor.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs watchers and completes futures, in the order the socket produced them, so a slow
 * callback delays other callbacks but never the socket. A callback that throws is logged and the next one runs.
 */
final class EventThread implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventThread.class);
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arbor-client-events-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    void execute(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.warn("a watcher or callback threw", t);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed: run it here rather than leave a future that never completes
            try {
                task.run();
            } catch (Throwable t) {
                LOG.warn("a watcher or callback threw", t);
            }
        }
    }

    /** Runs what is already queued, then stops, without waiting (callable from any thread). */
    void shutdown() {
        executor.shutdown();
    }

    /** Runs what is already queued, then stops; waits a bounded time for that. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
