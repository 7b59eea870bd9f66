package io.arbor.client.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * Decides whether a failed attempt is tried again, and after how long. Pure: it reads no clock and sleeps never,
 * so its timings can be checked exactly; the caller measures {@code elapsed} and does the waiting.
 */
@FunctionalInterface
public interface RetryPolicy {
    /**
     * @param retriesSoFar how many retries were made already (0 after the first attempt failed)
     * @param elapsed      time since the first attempt started
     * @return how long to wait before the next attempt, or empty to give up
     */
    Optional<Duration> nextDelay(int retriesSoFar, Duration elapsed);

    /** Never retries. */
    static RetryPolicy never() {
        return (n, elapsed) -> Optional.empty();
    }

    /** Up to {@code maxRetries} retries, each after {@code delay}. */
    static RetryPolicy nTimes(int maxRetries, Duration delay) {
        return new RetryNTimes(maxRetries, delay);
    }

    /** Retries after {@code delay} while less than {@code maxElapsed} has passed since the first attempt. */
    static RetryPolicy untilElapsed(Duration maxElapsed, Duration delay) {
        return new RetryUntilElapsed(maxElapsed, delay);
    }

    /** Retries after {@code delay}, without end. */
    static RetryPolicy forever(Duration delay) {
        return new RetryForever(delay);
    }

    /**
     * Up to {@code maxRetries} retries after {@code base}, 2x{@code base}, 4x{@code base}... capped at {@code cap};
     * each delay is shortened at random by up to {@code jitter} (0..1) of itself, so clients cut off together
     * do not come back together.
     */
    static RetryPolicy exponentialBackoff(Duration base, Duration cap, int maxRetries, double jitter, Random random) {
        return new ExponentialBackoff(base, cap, maxRetries, jitter, random);
    }
}
