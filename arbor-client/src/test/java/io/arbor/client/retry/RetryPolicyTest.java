package io.arbor.client.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The policies' timings, checked exactly: no clock is read and nothing sleeps. */
class RetryPolicyTest {
    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** A Random whose nextDouble answers the scripted values in turn. */
    private static Random scripted(double... values) {
        return new Random() {
            private int i;

            @Override
            public double nextDouble() {
                return values[i++];
            }
        };
    }

    private static List<Duration> delays(RetryPolicy policy, int upTo) {
        List<Duration> out = new ArrayList<>();
        for (int n = 0; n < upTo; n++) {
            Optional<Duration> d = policy.nextDelay(n, Duration.ZERO);
            if (d.isEmpty()) {
                break;
            }
            out.add(d.get());
        }
        return out;
    }

    @Test
    void exponentialBackoffDoublesUpToTheCapAndStopsAfterMaxRetries() {
        RetryPolicy p = RetryPolicy.exponentialBackoff(ms(100), ms(1000), 7, 0, new Random(1));
        assertThat(delays(p, 20)).containsExactly(ms(100), ms(200), ms(400), ms(800), ms(1000), ms(1000), ms(1000));
        assertThat(p.nextDelay(7, Duration.ZERO)).isEmpty();
    }

    @Test
    void jitterShortensEachStepByUpToItsShare() {
        // 0.0 keeps the step, 0.5 takes a quarter off (half of the 0.5 jitter), 0.999.. nearly half
        RetryPolicy p = RetryPolicy.exponentialBackoff(ms(100), ms(1000), 5, 0.5, scripted(0.0, 0.5, 1.0 - 1e-9, 0.25));
        assertThat(p.nextDelay(0, Duration.ZERO)).contains(ms(100));
        assertThat(p.nextDelay(1, Duration.ZERO)).contains(ms(150));
        assertThat(p.nextDelay(2, Duration.ZERO).orElseThrow()).isGreaterThan(ms(200)).isLessThan(ms(201));
        assertThat(p.nextDelay(4, Duration.ZERO)).contains(ms(875)); // capped at 1000, less 1000 * 0.5 * 0.25
    }

    @Test
    void jitteredDelaysStayWithinTheirBoundsForAnySeed() {
        RetryPolicy p = RetryPolicy.exponentialBackoff(ms(50), ms(3000), 12, 0.3, new Random(42));
        ExponentialBackoff plain = new ExponentialBackoff(ms(50), ms(3000), 12, 0, new Random());
        for (int n = 0; n < 12; n++) {
            Duration step = plain.step(n);
            assertThat(p.nextDelay(n, Duration.ZERO).orElseThrow())
                    .isLessThanOrEqualTo(step).isGreaterThanOrEqualTo(step.multipliedBy(7).dividedBy(10));
        }
    }

    @Test
    void backoffDoesNotOverflowForLargeRetryCounts() {
        RetryPolicy p = RetryPolicy.exponentialBackoff(ms(1), Duration.ofDays(365), Integer.MAX_VALUE, 0, new Random());
        assertThat(p.nextDelay(10_000, Duration.ZERO)).contains(Duration.ofDays(365));
    }

    @Test
    void nTimesRetriesExactlyNTimesAtTheSameDelay() {
        RetryPolicy p = RetryPolicy.nTimes(3, ms(250));
        assertThat(delays(p, 10)).containsExactly(ms(250), ms(250), ms(250));
        assertThat(RetryPolicy.nTimes(0, ms(250)).nextDelay(0, Duration.ZERO)).isEmpty();
    }

    @Test
    void untilElapsedRetriesWhileTimeRemainsAndNeverWaitsPastTheLimit() {
        RetryPolicy p = RetryPolicy.untilElapsed(ms(1000), ms(300));
        assertThat(p.nextDelay(0, ms(0))).contains(ms(300));
        assertThat(p.nextDelay(5, ms(600))).contains(ms(300));
        assertThat(p.nextDelay(6, ms(900))).contains(ms(100)); // the last attempt starts at the limit, not after
        assertThat(p.nextDelay(7, ms(1000))).isEmpty();
        assertThat(p.nextDelay(7, ms(1500))).isEmpty();
    }

    @Test
    void foreverNeverGivesUp() {
        RetryPolicy p = RetryPolicy.forever(ms(10));
        assertThat(p.nextDelay(Integer.MAX_VALUE - 1, Duration.ofDays(10_000))).contains(ms(10));
        assertThat(RetryPolicy.never().nextDelay(0, Duration.ZERO)).isEmpty();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> RetryPolicy.exponentialBackoff(ms(100), ms(50), 3, 0, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.exponentialBackoff(ms(100), ms(500), 3, 1.5, new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.nTimes(-1, ms(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
