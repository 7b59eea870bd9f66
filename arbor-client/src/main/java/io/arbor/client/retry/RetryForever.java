package io.arbor.client.retry;

import java.time.Duration;
import java.util.Optional;

/** Retries at a fixed delay, without end (until the operation succeeds or fails in a way not retried). */
public record RetryForever(Duration delay) implements RetryPolicy {
    public RetryForever {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
    }

    @Override
    public Optional<Duration> nextDelay(int retriesSoFar, Duration elapsed) {
        return Optional.of(delay);
    }
}
