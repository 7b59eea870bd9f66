package io.arbor.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When to ping and when to give a connection up, from the negotiated session timeout (ZooKeeper's rule):
 * readTimeout is 2/3 of the timeout; a ping goes out once nothing was sent for readTimeout/2; the connection is
 * lost once nothing was heard for readTimeout, which leaves the client a third of the timeout to find another
 * server before the session expires. Pure timing on an injected clock: no socket, no thread.
 */
public final class Heartbeat {
    private final LongSupplier nanos;
    private final long readTimeoutNanos;
    private final long pingIntervalNanos;
    private long lastSent;
    private long lastHeard;

    public Heartbeat(LongSupplier nanos, Duration negotiatedTimeout) {
        this.nanos = nanos;
        this.readTimeoutNanos = negotiatedTimeout.toNanos() * 2 / 3;
        this.pingIntervalNanos = readTimeoutNanos / 2;
        long now = nanos.getAsLong();
        this.lastSent = now;
        this.lastHeard = now;
    }

    /** The time allowed to connect to one host: the session timeout shared among the hosts. */
    public static Duration connectTimeout(Duration sessionTimeout, int hosts) {
        return sessionTimeout.dividedBy(Math.max(1, hosts));
    }

    public Duration readTimeout() {
        return Duration.ofNanos(readTimeoutNanos);
    }

    public void sent() {
        lastSent = nanos.getAsLong();
    }

    public void heard() {
        lastHeard = nanos.getAsLong();
    }

    public boolean pingDue() {
        return nanos.getAsLong() - lastSent >= pingIntervalNanos;
    }

    public boolean silentTooLong() {
        return nanos.getAsLong() - lastHeard >= readTimeoutNanos;
    }

    /** How long until a ping may be due or the connection may be lost, whichever comes first (never negative). */
    public long nanosUntilNextCheck() {
        long now = nanos.getAsLong();
        long next = Math.min(lastSent + pingIntervalNanos, lastHeard + readTimeoutNanos);
        return Math.max(0, next - now);
    }
}
