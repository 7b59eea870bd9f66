package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    // 3000 ms negotiated: readTimeout 2000 ms, ping after 1000 ms of write silence
    private final Heartbeat heartbeat = new Heartbeat(clock::get, Duration.ofMillis(3000));

    @Test
    void readTimeoutIsTwoThirdsOfTheSessionTimeout() {
        assertThat(heartbeat.readTimeout()).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void pingExactlyWhenDueNeverBefore() {
        assertThat(heartbeat.nanosUntilNextCheck()).isEqualTo(1000 * MS);
        clock.addAndGet(1000 * MS - 1);
        assertThat(heartbeat.pingDue()).isFalse();
        assertThat(heartbeat.nanosUntilNextCheck()).isEqualTo(1);
        clock.addAndGet(1);
        assertThat(heartbeat.pingDue()).isTrue();
    }

    @Test
    void noPingWhileRequestsFlow() {
        for (int i = 0; i < 50; i++) {
            clock.addAndGet(900 * MS);
            assertThat(heartbeat.pingDue()).isFalse();
            heartbeat.sent();
            heartbeat.heard();
        }
        assertThat(heartbeat.silentTooLong()).isFalse();
    }

    @Test
    void lostWhenNothingHeardForReadTimeout() {
        for (int i = 0; i < 3; i++) {
            clock.addAndGet(600 * MS);
            heartbeat.sent(); // writing alone does not prove the server is alive
        }
        clock.addAndGet(200 * MS - 1);
        assertThat(heartbeat.silentTooLong()).isFalse();
        assertThat(heartbeat.nanosUntilNextCheck()).isEqualTo(1);
        clock.addAndGet(1);
        assertThat(heartbeat.silentTooLong()).isTrue();
    }

    @Test
    void hearingPushesTheDeadlineBack() {
        clock.addAndGet(1900 * MS);
        heartbeat.heard();
        heartbeat.sent();
        clock.addAndGet(1900 * MS);
        assertThat(heartbeat.silentTooLong()).isFalse();
    }

    @Test
    void connectTimeoutSharesTheSessionTimeoutAmongHosts() {
        assertThat(Heartbeat.connectTimeout(Duration.ofMillis(9000), 3)).isEqualTo(Duration.ofMillis(3000));
        assertThat(Heartbeat.connectTimeout(Duration.ofMillis(9000), 1)).isEqualTo(Duration.ofMillis(9000));
    }
}
