package io.arbor.server.fourlw;

import io.arbor.server.ConnectionRegistry;
import io.arbor.server.ServerContext;
import io.arbor.server.network.ServerStats;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** srvr, stat and srst: the server's counters, and for stat its clients. */
public final class ServerReport {
    private ServerReport() {}

    static String srvr(ServerContext server) {
        StringBuilder sb = new StringBuilder(512);
        header(sb);
        counters(sb, server);
        return sb.toString();
    }

    static String stat(ServerContext server) {
        StringBuilder sb = new StringBuilder(1024);
        header(sb);
        sb.append("Clients:\n");
        for (ConnectionRegistry.Info c : server.connections().all()) {
            ConnectionReport.line(sb, c, true);
            sb.append('\n');
        }
        sb.append('\n');
        counters(sb, server);
        return sb.toString();
    }

    static String reset(ServerContext server) {
        server.stats().reset();
        return "Server stats reset.\n";
    }

    private static void header(StringBuilder sb) {
        sb.append("Zookeeper version: ").append(FourLetterWords.FULL_VERSION).append('\n');
    }

    private static void counters(StringBuilder sb, ServerContext server) {
        ServerStats s = server.stats();
        sb.append("Latency min/avg/max: ").append(s.minLatency()).append('/').append(avgLatency(s)).append('/')
                .append(s.maxLatency()).append('\n');
        sb.append("Received: ").append(s.packetsReceived()).append('\n');
        sb.append("Sent: ").append(s.packetsSent()).append('\n');
        sb.append("Connections: ").append(server.connections().count()).append('\n');
        sb.append("Outstanding: ").append(server.throttle().outstanding()).append('\n');
        sb.append("Zxid: 0x").append(Long.toHexString(server.tree().lastProcessedZxid())).append('\n');
        // zkServer.sh status reads the mode from this line
        sb.append("Mode: ").append(server.membership().mode()).append('\n');
        sb.append("Node count: ").append(server.tree().nodeCount()).append('\n');
    }

    /** The mean latency in ms as ZooKeeper prints it: rounded to 4 places, then as a Java double (0.0, 1.25). */
    public static double avgLatency(ServerStats s) {
        return BigDecimal.valueOf(s.avgLatency()).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }
}
