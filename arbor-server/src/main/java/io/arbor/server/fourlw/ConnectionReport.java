package io.arbor.server.fourlw;

import io.arbor.server.ConnectionRegistry;

/** cons and crst, and the one-line description of a connection that cons and stat print. */
final class ConnectionReport {
    /**
     * What ZooKeeper prints in brackets after the address: the channel's interest ops, 1 (OP_READ) for a
     * connection that is reading. Arbor never stops reading a connection, so it is always 1.
     */
    private static final String INTEREST_OPS = "1";

    private ConnectionReport() {}

    static String cons(ConnectionRegistry connections) {
        StringBuilder sb = new StringBuilder(256);
        for (ConnectionRegistry.Info c : connections.all()) {
            line(sb, c, false);
            sb.append('\n');
        }
        sb.append('\n');
        return sb.toString();
    }

    static String reset(ConnectionRegistry connections) {
        for (ConnectionRegistry.Info c : connections.all()) {
            c.resetStats();
        }
        return "Connection stats reset.\n";
    }

    /**
     * {@code  /ip:port[ops](queued=..,recved=..,sent=..)}, and unless {@code brief}, for a connection with a
     * session, its id, last op, start time, timeout, last cxid and zxid, when it was last answered (monotonic
     * ms) and its latencies, as ZooKeeper prints them.
     */
    static void line(StringBuilder sb, ConnectionRegistry.Info c, boolean brief) {
        sb.append(" /").append(c.remote()).append('[').append(INTEREST_OPS).append("](queued=").append(c.queued())
                .append(",recved=").append(c.packetsReceived()).append(",sent=").append(c.packetsSent());
        long sessionId = c.sessionId();
        if (!brief && sessionId != 0) {
            sb.append(",sid=0x").append(Long.toHexString(sessionId))
                    .append(",lop=").append(LastOperation.abbreviation(c.lastOpCode()))
                    .append(",est=").append(c.establishedMillis())
                    .append(",to=").append(c.sessionTimeout())
                    .append(",lcxid=0x").append(Integer.toHexString(c.answers().lastCxid()))
                    .append(",lzxid=0x").append(Long.toHexString(c.lastZxid()))
                    .append(",lresp=").append(c.answers().lastResponseMillis())
                    .append(",llat=").append(c.answers().lastLatency())
                    .append(",minlat=").append(c.answers().minLatency())
                    .append(",avglat=").append(c.answers().avgLatency())
                    .append(",maxlat=").append(c.answers().maxLatency());
        }
        sb.append(')');
    }
}
