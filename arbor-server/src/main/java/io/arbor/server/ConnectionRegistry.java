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

        String describe();

        void resetStats();

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
    }

    private final Set<Info> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /** Registers a connection; false (not registered) if its address already has {@code max} (0 = no limit). */
    public boolean add(Info c, InetAddress address, int max) {
        AtomicInteger n = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (max > 0 && n.incrementAndGet() > max) {
            n.decrementAndGet();
            return false;
        } else if (max <= 0) {
            n.incrementAndGet();
        }
        open.add(c);
        return true;
    }

    public void remove(Info c, InetAddress address) {
        if (open.remove(c)) {
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
