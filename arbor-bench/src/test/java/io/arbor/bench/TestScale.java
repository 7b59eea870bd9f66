package io.arbor.bench;

import java.time.Duration;

/** Counts small enough for a test to run every workload in a second or two. */
final class TestScale {
    static final Scale SMALL = new Scale(2_000, 20, 30, 5, Duration.ofMillis(300), 20);

    private TestScale() {
    }
}
