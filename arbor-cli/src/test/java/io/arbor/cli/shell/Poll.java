package io.arbor.cli.shell;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Awaitility polling fast: the conditions here (a line printed, a state reached) hold within milliseconds. */
final class Poll {
    private Poll() {}

    static ConditionFactory upTo(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }
}
