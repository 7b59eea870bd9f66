package io.arbor.client.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * Retry n (counting from 0) waits {@code base * 2^n}, at most {@code cap}, less a random share of up to
 * {@code jitter} of that: with jitter 0.5 a 400 ms step becomes something in (200, 400] ms.
 */
public final class ExponentialBackoff implements RetryPolicy {
    private final Duration base;
    private final Duration cap;
    private final int maxRetries;
    private final double jitter;
    private final Random random;

    public ExponentialBackoff(Duration base, Duration cap, int maxRetries, double jitter, Random random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("base must be positive and cap at least base");
        }
        if (maxRetries < 0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("maxRetries must not be negative and jitter within 0..1");
        }
        this.base = base;
        this.cap = cap;
        this.maxRetries = maxRetries;
        this.jitter = jitter;
        this.random = random;
    }

    @Override
    public Optional<Duration> nextDelay(int retriesSoFar, Duration elapsed) {
        if (retriesSoFar >= maxRetries) {
            return Optional.empty();
        }
        return Optional.of(withJitter(step(retriesSoFar)));
    }

    /** The delay before jitter: base doubled per retry, capped (and safe from overflow for any retry count). */
    Duration step(int retriesSoFar) {
        long capNanos = cap.toNanos();
        long nanos = base.toNanos();
        for (int i = 0; i < retriesSoFar && nanos < capNanos; i++) {
            nanos = nanos > capNanos / 2 ? capNanos : nanos * 2;
        }
        return Duration.ofNanos(Math.min(nanos, capNanos));
    }

    private Duration withJitter(Duration step) {
        if (jitter == 0) {
            return step;
        }
        long off = (long) (step.toNanos() * jitter * random.nextDouble());
        return step.minusNanos(off);
    }
}
