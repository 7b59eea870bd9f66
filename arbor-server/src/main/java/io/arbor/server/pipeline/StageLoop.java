package io.arbor.server.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of a pipeline stage: takes what was submitted, in order, in batches (one wake-up serves every
 * request that queued meanwhile), and hands each to the stage.
 */
final class StageLoop<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageLoop.class);
    private static final int BATCH = 256;

    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final Consumer<T> stage;
    private final Thread thread;
    private volatile boolean running = true;

    StageLoop(String name, Consumer<T> stage) {
        this.stage = stage;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(T item) {
        queue.add(item);
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        List<T> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                for (T item : batch) {
                    stage.accept(item);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("{} failed on a request", thread.getName(), e);
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
