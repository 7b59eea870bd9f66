package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.ConnectRequest;
import io.arbor.protocol.ConnectResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the handshake asks for, read-only servers included (ZooKeeper's client's rules). */
class SessionStateTest {
    private static final byte[] PASSWORD = bytes(7);

    private static byte[] bytes(int value) {
        byte[] b = new byte[16];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static ConnectResponse answer(long sessionId, boolean readOnly) {
        return new ConnectResponse(0, 4000, sessionId, PASSWORD, readOnly, true);
    }

    @Test
    void asksForReadOnlyOnlyWhenAllowed() {
        assertThat(new SessionState(Duration.ofSeconds(4)).connectRequest().readOnly()).isFalse();
        ConnectRequest request = new SessionState(Duration.ofSeconds(4), true).connectRequest();
        assertThat(request.readOnly()).isTrue();
        assertThat(request.readOnlyPresent()).isTrue();
        assertThat(request.sessionId()).isZero();
        assertThat(request.passwd()).hasSize(16);
    }

    @Test
    void aSessionMadeByAReadOnlyServerIsNeverOfferedAgain() {
        SessionState session = new SessionState(Duration.ofSeconds(4), true);
        assertThat(session.established(answer(0x11, true))).isTrue();
        assertThat(session.readOnly()).isTrue();
        assertThat(session.sessionId()).isEqualTo(0x11);

        // only that server knows it: the next connection, wherever it goes, asks for a new session
        ConnectRequest next = session.connectRequest();
        assertThat(next.sessionId()).isZero();
        assertThat(next.passwd()).isEqualTo(new byte[16]);

        session.established(answer(0x22, false));
        assertThat(session.readOnly()).isFalse();
        assertThat(session.connectRequest().sessionId()).isEqualTo(0x22);
        assertThat(session.connectRequest().passwd()).isEqualTo(PASSWORD);
    }

    @Test
    void aSessionThatBeganReadWriteIsOfferedToAReadOnlyServerAndKept() {
        SessionState session = new SessionState(Duration.ofSeconds(4), true);
        session.established(answer(0x33, false));
        session.established(answer(0x33, true)); // the read-only server took the real session
        assertThat(session.readOnly()).isTrue();
        assertThat(session.connectRequest().sessionId()).isEqualTo(0x33);
    }

    @Test
    void anExpiredAnswerIsRefused() {
        SessionState session = new SessionState(Duration.ofSeconds(4), true);
        session.established(answer(0x44, false));
        assertThat(session.established(new ConnectResponse(0, 0, 0, new byte[16], false, true))).isFalse();
        session.reset();
        assertThat(session.connectRequest().sessionId()).isZero();
    }
}
