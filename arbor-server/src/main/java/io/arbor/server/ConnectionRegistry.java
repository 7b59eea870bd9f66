package io.arbor.server;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The open client connections, counted per client address for maxClientCnxns. */
public final class ConnectionRegistry {
    /** What operator commands can ask of a connection. */
    public interface Info {
        String remote();

        long sessionId();

        int sessionTimeout();

        long packetsReceived();

        long packetsSent();

        int queued();

        void resetStats();

        /** Closes the connection (the ensemble's leader changed); its client reconnects, to any server. */
        default void drop() {
        }

        /** Whether the connection serves a read-only session (its server is cut off from the quorum). */
        default boolean readOnly() {
            return false;
        }

        /** The op code of the last request read, -1 before the first (cons prints it as {@code lop}). */
        default int lastOpCode() {
            return -1;
        }

        /** When the connection was accepted, in ms since the epoch (cons prints it as {@code est}). */
        default long establishedMillis() {
            return 0;
        }

        /** The zxid of the last reply that carried one, -1 before (cons prints it as {@code lzxid}). */
        default long lastZxid() {
            return -1;
        }

        /** Answer statistics: last xid, when (monotonic ms) and latencies in ms (cons: lcxid, lresp, ...). */
        default AnswerStats answers() {
            return AnswerStats.NONE;
        }
    }

    /** What cons and the admin API's connections command show of a connection's answers. */
    public record AnswerStats(int lastCxid, long lastResponseMillis, long lastLatency, long minLatency,
                              long avgLatency, long maxLatency) {
        public static final AnswerStats NONE = new AnswerStats(-1, 0, 0, 0, 0, 0);
    }

    private final Set<Info> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    private final int maxTotal;
    private final AtomicInteger total = new AtomicInteger();

    /** {@code maxTotal}: maxCnxns, the most connections at once (0 = no limit). */
    public ConnectionRegistry(int maxTotal) {
        this.maxTotal = maxTotal;
    }

    /**
     * Registers a connection, or refuses it when its address already has {@code maxPerAddress}
     * (maxClientCnxns) or the server has maxCnxns (0 = no limit): null when registered, else why not.
     */
    public String add(Info c, InetAddress address, int maxPerAddress) {
        if (maxTotal > 0 && total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return "Too many connections - max is " + maxTotal + " (maxCnxns)";
        } else if (maxTotal <= 0) {
            total.incrementAndGet();
        }
        AtomicInteger n = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (n.incrementAndGet() > maxPerAddress && maxPerAddress > 0) {
            n.decrementAndGet();
            total.decrementAndGet();
            return "Too many connections from " + address.getHostAddress() + " - max is " + maxPerAddress
                    + " (maxClientCnxns)";
        }
        open.add(c);
        return null;
    }

    public void remove(Info c, InetAddress address) {
        if (open.remove(c)) {
            total.decrementAndGet();
            AtomicInteger n = perAddress.get(address);
            if (n != null && n.decrementAndGet() <= 0) {
                perAddress.remove(address, n);
            }
        }
    }

    public Collection<Info> all() {
        return open;
    }

    public int count() {
        return open.size();
    }
}
