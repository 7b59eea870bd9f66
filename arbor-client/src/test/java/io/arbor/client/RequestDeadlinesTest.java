package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestDeadlinesTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RequestDeadlines deadlines = new RequestDeadlines(now::get, Duration.ofMillis(500));

    @Test
    void overdueExactlyWhenTheTimeoutHasPassed() {
        long deadline = deadlines.deadlineFromNow();
        now.addAndGet(Duration.ofMillis(500).toNanos() - 1);
        assertThat(deadlines.overdue(deadline)).isFalse();
        now.addAndGet(1);
        assertThat(deadlines.overdue(deadline)).isTrue();
    }

    @Test
    void sweepIsATenthOfTheTimeoutWithinBounds() {
        assertThat(deadlines.sweepInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(new RequestDeadlines(now::get, Duration.ofMillis(20)).sweepInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(new RequestDeadlines(now::get, Duration.ofMinutes(1)).sweepInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> new RequestDeadlines(now::get, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
