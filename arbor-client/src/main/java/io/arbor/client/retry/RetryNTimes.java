package io.arbor.client.retry;

import java.time.Duration;
import java.util.Optional;

/** A fixed number of retries at a fixed delay. */
public record RetryNTimes(int maxRetries, Duration delay) implements RetryPolicy {
    public RetryNTimes {
        if (maxRetries < 0 || delay.isNegative()) {
            throw new IllegalArgumentException("maxRetries and delay must not be negative");
        }
    }

    @Override
    public Optional<Duration> nextDelay(int retriesSoFar, Duration elapsed) {
        return retriesSoFar < maxRetries ? Optional.of(delay) : Optional.empty();
    }
}
