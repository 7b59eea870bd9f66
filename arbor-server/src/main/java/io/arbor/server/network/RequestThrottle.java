package io.arbor.server.network;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * globalOutstandingLimit: counts the requests between arrival and answer across all connections. Above the
 * limit, a connection that brings another request stops reading from its socket (TCP pushes back on the
 * client) until the count is below the limit again, so a flood cannot grow the server's queues unbounded.
 */
public final class RequestThrottle {
    private static final Logger LOG = LoggerFactory.getLogger(RequestThrottle.class);

    private final int limit;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Set<Channel> paused = ConcurrentHashMap.newKeySet();

    public RequestThrottle(int limit) {
        this.limit = Math.max(1, limit);
    }

    /** Requests received and not yet answered. */
    public int outstanding() {
        return outstanding.get();
    }

    /** How many connections are not being read because of the limit. */
    public int pausedConnections() {
        return paused.size();
    }

    void started(Channel channel) {
        if (outstanding.incrementAndGet() > limit && paused.add(channel)) {
            channel.config().setAutoRead(false);
            if (paused.size() == 1) {
                LOG.info("More than {} requests outstanding (globalOutstandingLimit): pausing reads", limit);
            }
            // the last answer may have come between the count and the pause: do not wait for another
            if (outstanding.get() < limit) {
                resumeAll();
            }
        }
    }

    void finished() {
        if (outstanding.decrementAndGet() < limit && !paused.isEmpty()) {
            resumeAll();
        }
    }

    /** A closed connection holds nothing back any more. */
    void forget(Channel channel) {
        paused.remove(channel);
    }

    private void resumeAll() {
        for (Channel c : paused) {
            if (paused.remove(c)) {
                c.config().setAutoRead(true);
            }
        }
    }
}
