package io.arbor.it;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Awaitility with a short poll interval (the default 100 ms would dominate these millisecond-scale tests). */
public final class Poll {
    public static final Duration WAIT = Duration.ofSeconds(10);

    private Poll() {}

    /** Waits up to {@link #WAIT}, checking every 10 ms. */
    public static ConditionFactory await() {
        return Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }
}
