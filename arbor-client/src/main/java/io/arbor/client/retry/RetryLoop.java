package io.arbor.client.retry;

import io.arbor.client.ArborException;
import io.arbor.protocol.ErrorCode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs an operation until it succeeds, fails in a way that is not retried, or the {@link RetryPolicy} gives up.
 * Before each attempt it waits for a connection (up to {@code connectionWait}, else the attempt counts as a
 * ConnectionLoss). Only failures that say nothing about the operation itself are retried: ConnectionLoss,
 * OperationTimeout, RequestTimeout and SessionExpired; after SessionExpired the next attempt waits for a
 * connection in a later session (the handle rebuilt), never the one that expired. Everything else (NoNode,
 * NodeExists, BadVersion...) surfaces at once.
 *
 * <p>Time and waiting are injected, so the loop is tested with a scripted clock and scheduler.
 */
public final class RetryLoop {
    /** Runs a task after a delay. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    /** Where the loop waits for a connection. */
    @FunctionalInterface
    public interface Connections {
        /**
         * Completes with the session generation (0 for the first session, +1 per rebuild after expiry) once
         * connected in a generation at least {@code minGeneration}; fails when the client is closed.
         */
        CompletableFuture<Long> whenConnected(long minGeneration);
    }

    private final Scheduler scheduler;
    private final LongSupplier nanoClock;
    private final Connections connections;
    private final Duration connectionWait;

    public RetryLoop(Scheduler scheduler, LongSupplier nanoClock, Connections connections, Duration connectionWait) {
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
        this.connections = connections;
        this.connectionWait = connectionWait;
    }

    /** Whether a failure is one the loop retries. */
    public static boolean isRetriable(Throwable t) {
        return t instanceof ArborException e && switch (e.code()) {
            case ErrorCode.CONNECTION_LOSS, ErrorCode.OPERATION_TIMEOUT, ErrorCode.REQUEST_TIMEOUT,
                 ErrorCode.SESSION_EXPIRED -> true;
            default -> false;
        };
    }

    public <T> CompletableFuture<T> run(RetryPolicy policy, Supplier<CompletableFuture<T>> operation) {
        Run<T> run = new Run<>(policy, operation);
        run.attempt();
        return run.result;
    }

    private final class Run<T> {
        private final RetryPolicy policy;
        private final Supplier<CompletableFuture<T>> operation;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final long startNanos = nanoClock.getAsLong();
        private int retries;
        private long minGeneration;
        private long generation;

        Run(RetryPolicy policy, Supplier<CompletableFuture<T>> operation) {
            this.policy = policy;
            this.operation = operation;
        }

        void attempt() {
            CompletableFuture<Long> connected = connections.whenConnected(minGeneration);
            if (!connected.isDone()) {
                scheduler.schedule(() -> connected.completeExceptionally(
                        new ArborException.ConnectionLossException(null)), connectionWait);
            }
            connected.whenComplete((g, waitFailure) -> {
                if (waitFailure != null) {
                    failed(unwrap(waitFailure));
                    return;
                }
                generation = g;
                CompletableFuture<T> call;
                try {
                    call = operation.get();
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                    return;
                }
                call.whenComplete((value, failure) -> {
                    if (failure == null) {
                        result.complete(value);
                    } else {
                        failed(unwrap(failure));
                    }
                });
            });
        }

        private void failed(Throwable failure) {
            if (!isRetriable(failure)) {
                result.completeExceptionally(failure);
                return;
            }
            Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - startNanos);
            Optional<Duration> delay = policy.nextDelay(retries, elapsed);
            if (delay.isEmpty()) {
                result.completeExceptionally(failure);
                return;
            }
            retries++;
            if (((ArborException) failure).code() == ErrorCode.SESSION_EXPIRED) {
                minGeneration = generation + 1;
            }
            scheduler.schedule(this::attempt, delay.get());
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
