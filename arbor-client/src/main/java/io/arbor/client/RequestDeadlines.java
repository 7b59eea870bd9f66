package io.arbor.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The request timeout as pure timing on an injected clock: every request gets a deadline when it is submitted,
 * and is overdue once the clock passes it. Whether it is waiting to be sent or waiting for its answer, an overdue
 * request is failed, so no call waits forever on a server that answers pings but not requests.
 */
final class RequestDeadlines {
    private final LongSupplier nanos;
    private final long timeoutNanos;

    RequestDeadlines(LongSupplier nanos, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the request timeout must be positive: " + timeout);
        }
        this.nanos = nanos;
        this.timeoutNanos = timeout.toNanos();
    }

    /** The deadline of a request submitted now. */
    long deadlineFromNow() {
        return nanos.getAsLong() + timeoutNanos;
    }

    boolean overdue(long deadline) {
        return nanos.getAsLong() - deadline >= 0;
    }

    /** How often to look for overdue requests: a tenth of the timeout, between 10 ms and 250 ms. */
    Duration sweepInterval() {
        return Duration.ofNanos(Math.max(Duration.ofMillis(10).toNanos(),
                Math.min(timeoutNanos / 10, Duration.ofMillis(250).toNanos())));
    }
}
