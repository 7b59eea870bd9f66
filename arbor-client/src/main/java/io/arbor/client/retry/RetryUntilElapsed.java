package io.arbor.client.retry;

import java.time.Duration;
import java.util.Optional;

/**
 * Retries at a fixed delay while the time spent stays under {@code maxElapsed}; the last delay is shortened so
 * the final attempt starts by then, never after.
 */
public record RetryUntilElapsed(Duration maxElapsed, Duration delay) implements RetryPolicy {
    public RetryUntilElapsed {
        if (maxElapsed.isNegative() || delay.isNegative()) {
            throw new IllegalArgumentException("maxElapsed and delay must not be negative");
        }
    }

    @Override
    public Optional<Duration> nextDelay(int retriesSoFar, Duration elapsed) {
        Duration left = maxElapsed.minus(elapsed);
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        return Optional.of(delay.compareTo(left) <= 0 ? delay : left);
    }
}
