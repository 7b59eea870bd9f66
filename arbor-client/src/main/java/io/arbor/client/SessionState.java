package io.arbor.client;

import io.arbor.protocol.ConnectRequest;
import io.arbor.protocol.ConnectResponse;
import java.time.Duration;

/**
 * What identifies the session across connections: id, password, negotiated timeout and the last zxid seen. Kept
 * in one place so the next connection (to any host) can re-attach with it. Written on the I/O thread only.
 */
final class SessionState {
    private final Duration requestedTimeout;
    private final boolean canBeReadOnly;
    /**
     * Whether a read-write server was ever reached. Until then the session, if any, was made by a read-only
     * server, which alone knows it; as ZooKeeper's client does, a new one is asked for on every connection.
     */
    private volatile boolean seenReadWrite;
    /** Whether the server of the current (or last) connection serves reads only. */
    private volatile boolean readOnly;
    private volatile long sessionId;
    private volatile byte[] password = new byte[16];
    private volatile long lastZxidSeen;
    private volatile Duration negotiatedTimeout;

    SessionState(Duration requestedTimeout) {
        this(requestedTimeout, false);
    }

    SessionState(Duration requestedTimeout, boolean canBeReadOnly) {
        this.requestedTimeout = requestedTimeout;
        this.negotiatedTimeout = requestedTimeout;
        this.canBeReadOnly = canBeReadOnly;
    }

    ConnectRequest connectRequest() {
        boolean reattach = seenReadWrite;
        return new ConnectRequest(0, lastZxidSeen, (int) requestedTimeout.toMillis(), reattach ? sessionId : 0,
                reattach ? password : new byte[16], canBeReadOnly, true);
    }

    /** Takes the server's answer; false when it says the session is expired. */
    boolean established(ConnectResponse response) {
        if (response.timeOut() <= 0) {
            return false;
        }
        sessionId = response.sessionId();
        password = response.passwd();
        negotiatedTimeout = Duration.ofMillis(response.timeOut());
        readOnly = response.readOnly();
        seenReadWrite |= !readOnly;
        return true;
    }

    /** Whether the server connected to serves reads only. */
    boolean readOnly() {
        return readOnly;
    }

    /**
     * Forgets the expired session so the next handshake asks for a new one. The last zxid seen is kept: the new
     * session must not be served by a server that is behind what this client has already seen.
     */
    void reset() {
        sessionId = 0;
        password = new byte[16];
    }

    void sawZxid(long zxid) {
        if (zxid > lastZxidSeen) {
            lastZxidSeen = zxid;
        }
    }

    long sessionId() {
        return sessionId;
    }

    long lastZxidSeen() {
        return lastZxidSeen;
    }

    Duration requestedTimeout() {
        return requestedTimeout;
    }

    Duration negotiatedTimeout() {
        return negotiatedTimeout;
    }
}
