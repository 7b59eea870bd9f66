package io.arbor.client;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * While the client is connected to a read-only server, looks for one that serves writes, as ZooKeeper's client
 * does: it asks one server at a time (the servers of the list in turn, round and round, the current one included),
 * the first after {@link #FIRST_WAIT}, each next one after twice the wait before, up to {@link #LONGEST_WAIT}.
 * The first server that says it serves writes is handed to {@code onFound} and the search ends. Everything runs
 * on one event loop, {@link #start} and {@link #stop} included; a probe's late answer after a stop is ignored.
 */
final class ReadWriteSearch {
    static final Duration FIRST_WAIT = Duration.ofMillis(100);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    /** Asks one server whether it serves writes; completes false rather than failing. */
    interface Probe {
        CompletableFuture<Boolean> isReadWrite(InetSocketAddress server);
    }

    private final EventExecutor loop;
    private final Supplier<List<InetSocketAddress>> servers;
    private final Probe probe;
    private final Consumer<InetSocketAddress> onFound;
    /** One more on every start and stop, so that what an earlier search left running finds itself stale. */
    private long search;
    private boolean searching;
    private Duration wait;
    private long asked;
    private ScheduledFuture<?> timer;

    ReadWriteSearch(EventExecutor loop, Supplier<List<InetSocketAddress>> servers, Probe probe,
                    Consumer<InetSocketAddress> onFound) {
        this.loop = loop;
        this.servers = servers;
        this.probe = probe;
        this.onFound = onFound;
    }

    /** Starts a search (the waits start again from the first); one already running is replaced. */
    void start() {
        stop();
        searching = true;
        wait = FIRST_WAIT;
        scheduleNext(search);
    }

    void stop() {
        search++;
        searching = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    boolean searching() {
        return searching;
    }

    private void scheduleNext(long current) {
        Duration delay = wait;
        wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
        timer = loop.schedule(() -> askNext(current), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void askNext(long current) {
        if (current != search) {
            return;
        }
        List<InetSocketAddress> list = servers.get();
        InetSocketAddress server = list.get((int) (asked++ % list.size()));
        probe.isReadWrite(server).whenComplete((readWrite, error) -> loop.execute(() -> {
            if (current != search) {
                return;
            }
            if (Boolean.TRUE.equals(readWrite)) {
                stop();
                onFound.accept(server);
            } else {
                scheduleNext(current);
            }
        }));
    }
}
