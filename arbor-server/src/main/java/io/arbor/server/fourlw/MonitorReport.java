package io.arbor.server.fourlw;

import com.sun.management.UnixOperatingSystemMXBean;
import io.arbor.server.ServerContext;
import io.arbor.server.network.ServerStats;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * mntr: {@code zk_<key>\t<value>} lines, the keys ZooKeeper 3.9 always prints that Arbor can honestly
 * report. Scripts are documented to tolerate keys coming and going, so the rest are left out.
 */
public final class MonitorReport {
    private MonitorReport() {}

    static String mntr(ServerContext server) {
        StringBuilder sb = new StringBuilder(1024);
        values(server).forEach((key, value) -> sb.append("zk_").append(key).append('\t').append(value).append('\n'));
        return sb.toString();
    }

    /** The keys and values, without the {@code zk_} prefix (the admin API's monitor command shows them so). */
    public static java.util.Map<String, Object> values(ServerContext server) {
        java.util.Map<String, Object> sb = new java.util.LinkedHashMap<>();
        ServerStats s = server.stats();
        put(sb, "version", FourLetterWords.FULL_VERSION);
        put(sb, "server_state", server.membership().mode());
        put(sb, "avg_latency", ServerReport.avgLatency(s));
        put(sb, "max_latency", s.maxLatency());
        put(sb, "min_latency", s.minLatency());
        put(sb, "packets_received", s.packetsReceived());
        put(sb, "packets_sent", s.packetsSent());
        put(sb, "num_alive_connections", server.connections().count());
        put(sb, "outstanding_requests", server.throttle().outstanding());
        put(sb, "uptime", s.uptimeMillis());
        put(sb, "znode_count", server.tree().nodeCount());
        put(sb, "watch_count", server.tree().watches().watchCount());
        put(sb, "ephemerals_count", server.tree().ephemeralCount());
        put(sb, "approximate_data_size", server.tree().approximateDataSize());
        put(sb, "global_sessions", server.sessions().count());
        put(sb, "auth_failed_count", s.authFailures());
        // Local sessions (localSessionsEnabled) exist only in a quorum; a standalone server has none.
        put(sb, "local_sessions", 0);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            put(sb, "open_file_descriptor_count", unix.getOpenFileDescriptorCount());
            put(sb, "max_file_descriptor_count", unix.getMaxFileDescriptorCount());
        }
        // Arbor never drops connections at random (ZooKeeper's connection throttle) and serves no TLS port.
        put(sb, "connection_drop_probability", 0.0);
        put(sb, "outstanding_tls_handshake", 0);
        server.membership().monitorValues().forEach((k, v) -> put(sb, k, v));
        return sb;
    }

    private static void put(java.util.Map<String, Object> values, String key, Object value) {
        values.put(key, value);
    }
}
