package io.arbor.client.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.client.ArborException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The retry loop driven by hand: a scripted operation, a clock that only moves when a scheduled task is run, and
 * a connection gate the test opens and closes. Nothing sleeps.
 */
class RetryLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** Scheduled tasks with their delays, in the order scheduled. */
    private final List<Scheduled> scheduled = new ArrayList<>();
    private final Gate gate = new Gate();
    private final RetryLoop loop = new RetryLoop((task, delay) -> scheduled.add(new Scheduled(task, delay)),
            nanos::get, gate, WAIT);

    private record Scheduled(Runnable task, Duration delay) {}

    /** A connection gate: open in some generation, or closed (waiters wait). */
    private static final class Gate implements RetryLoop.Connections {
        long generation;
        boolean open = true;
        final List<Long> asked = new ArrayList<>();
        final List<long[]> waiting = new ArrayList<>();
        final List<CompletableFuture<Long>> waiters = new ArrayList<>();

        @Override
        public CompletableFuture<Long> whenConnected(long minGeneration) {
            asked.add(minGeneration);
            CompletableFuture<Long> f = new CompletableFuture<>();
            if (open && generation >= minGeneration) {
                f.complete(generation);
            } else {
                waiting.add(new long[] {minGeneration});
                waiters.add(f);
            }
            return f;
        }

        void connect(long generation) {
            this.generation = generation;
            open = true;
            for (int i = 0; i < waiters.size(); i++) {
                if (generation >= waiting.get(i)[0]) {
                    waiters.get(i).complete(generation);
                }
            }
        }
    }

    /** An operation that fails with the scripted errors in turn, then answers "done"; counts its calls. */
    private static final class Scripted implements Supplier<CompletableFuture<String>> {
        final Deque<ArborException> failures;
        int calls;

        Scripted(ArborException... failures) {
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public CompletableFuture<String> get() {
            calls++;
            ArborException next = failures.poll();
            return next == null ? CompletableFuture.completedFuture("done") : CompletableFuture.failedFuture(next);
        }
    }

    /** Runs the next retry, advancing the clock by its delay; returns that delay. */
    private Duration runNextRetry() {
        Scheduled s = scheduled.remove(0);
        nanos.addAndGet(s.delay().toNanos());
        s.task().run();
        return s.delay();
    }

    private static ArborException loss() {
        return new ArborException.ConnectionLossException("/a");
    }

    @Test
    void retriesConnectionLossAndTimeoutsWithThePolicysDelays() {
        Scripted op = new Scripted(loss(), new ArborException.OperationTimeoutException("/a"),
                new ArborException.RequestTimeoutException("/a"));
        CompletableFuture<String> result = loop.run(
                RetryPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 5, 0, null), op);
        assertThat(op.calls).isEqualTo(1);
        assertThat(result).isNotDone();
        assertThat(runNextRetry()).isEqualTo(Duration.ofMillis(100));
        assertThat(runNextRetry()).isEqualTo(Duration.ofMillis(200));
        assertThat(result).isNotDone();
        assertThat(runNextRetry()).isEqualTo(Duration.ofMillis(400));
        assertThat(result).isCompletedWithValue("done");
        assertThat(op.calls).isEqualTo(4);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void otherErrorsSurfaceAtOnce() {
        Scripted op = new Scripted(new ArborException.NoNodeException("/a"));
        CompletableFuture<String> result = loop.run(RetryPolicy.forever(Duration.ofMillis(10)), op);
        assertThat(result).isCompletedExceptionally();
        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(ArborException.NoNodeException.class);
        assertThat(op.calls).isEqualTo(1);
        assertThat(scheduled).isEmpty();

        Scripted afterLoss = new Scripted(loss(), new ArborException.NodeExistsException("/a"));
        CompletableFuture<String> second = loop.run(RetryPolicy.forever(Duration.ofMillis(10)), afterLoss);
        runNextRetry();
        assertThat(second.handle((v, e) -> e).join()).isInstanceOf(ArborException.NodeExistsException.class);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void givesUpWhenThePolicyDoesWithTheLastError() {
        Scripted op = new Scripted(loss(), loss(), loss(), loss());
        CompletableFuture<String> result = loop.run(RetryPolicy.nTimes(2, Duration.ofMillis(50)), op);
        runNextRetry();
        runNextRetry();
        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(ArborException.ConnectionLossException.class);
        assertThat(op.calls).isEqualTo(3);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void elapsedTimeIsMeasuredFromTheFirstAttempt() {
        Scripted op = new Scripted(loss(), loss(), loss(), loss(), loss());
        CompletableFuture<String> result = loop.run(
                RetryPolicy.untilElapsed(Duration.ofMillis(250), Duration.ofMillis(100)), op);
        assertThat(runNextRetry()).isEqualTo(Duration.ofMillis(100));
        assertThat(runNextRetry()).isEqualTo(Duration.ofMillis(100));
        assertThat(runNextRetry()).isEqualTo(Duration.ofMillis(50));
        assertThat(result).isCompletedExceptionally();
        assertThat(op.calls).isEqualTo(4);
    }

    @Test
    void waitsForAConnectionBeforeEachAttempt() {
        gate.open = false;
        Scripted op = new Scripted();
        CompletableFuture<String> result = loop.run(RetryPolicy.nTimes(3, Duration.ofMillis(10)), op);
        assertThat(op.calls).isZero();
        gate.connect(0);
        assertThat(op.calls).isEqualTo(1);
        assertThat(result).isCompletedWithValue("done");
    }

    @Test
    void noConnectionWithinTheWaitCountsAsConnectionLoss() {
        gate.open = false;
        Scripted op = new Scripted();
        CompletableFuture<String> result = loop.run(RetryPolicy.nTimes(1, Duration.ofMillis(10)), op);
        assertThat(runNextRetry()).isEqualTo(WAIT); // the wait gives up: a retry is scheduled
        assertThat(runNextRetry()).isEqualTo(Duration.ofMillis(10));
        assertThat(runNextRetry()).isEqualTo(WAIT); // still no connection, and no retries left
        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(ArborException.ConnectionLossException.class);
        assertThat(op.calls).isZero();
    }

    @Test
    void sessionExpiredIsRetriedOnlyInARebuiltSession() {
        Scripted op = new Scripted(new ArborException.SessionExpiredException("/a"));
        CompletableFuture<String> result = loop.run(RetryPolicy.nTimes(3, Duration.ofMillis(10)), op);
        runNextRetry();
        // still generation 0: the expired session is not used again
        assertThat(gate.asked).containsExactly(0L, 1L);
        assertThat(op.calls).isEqualTo(1);
        gate.connect(1);
        assertThat(result).isCompletedWithValue("done");
        assertThat(op.calls).isEqualTo(2);
    }

    @Test
    void aClosedClientEndsTheLoop() {
        Scripted op = new Scripted(loss());
        RetryLoop closed = new RetryLoop((t, d) -> scheduled.add(new Scheduled(t, d)), nanos::get,
                g -> CompletableFuture.failedFuture(new IllegalStateException("closed")), WAIT);
        CompletableFuture<String> result = closed.run(RetryPolicy.forever(Duration.ofMillis(1)), op);
        assertThat(result.handle((v, e) -> e).join()).isInstanceOf(IllegalStateException.class);
        assertThat(op.calls).isZero();
    }

    @Test
    void aThrowingOperationSurfacesItsException() {
        CompletableFuture<String> result = loop.run(RetryPolicy.forever(Duration.ofMillis(1)), () -> {
            throw new IllegalArgumentException("bad path");
        });
        assertThat(result.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
