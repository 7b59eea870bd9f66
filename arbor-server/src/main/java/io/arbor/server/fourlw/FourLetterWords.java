package io.arbor.server.fourlw;

import io.arbor.server.ConnectionRegistry;
import io.arbor.server.ServerContext;
import io.arbor.server.network.ServerStats;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The four-letter words sent as the first four bytes of a connection, answered in text as ZooKeeper
 * answers them, each gated by {@code 4lw.commands.whitelist}.
 */
public final class FourLetterWords {
    public static final String VERSION = "3.9.5-arbor-0.1.0";

    private static final Set<String> COMMANDS = Set.of("ruok", "srvr", "stat", "conf", "cons", "crst", "envi",
            "mntr", "srst", "wchs", "wchc", "wchp", "dump", "isro", "dirs", "gtmk", "stmk", "hash");
    private static final Map<Integer, String> BY_CODE = byCode();

    private FourLetterWords() {}

    private static Map<Integer, String> byCode() {
        java.util.HashMap<Integer, String> m = new java.util.HashMap<>();
        for (String c : COMMANDS) {
            byte[] b = c.getBytes(StandardCharsets.US_ASCII);
            m.put((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff), c);
        }
        return Map.copyOf(m);
    }

    /** The command whose four ASCII bytes, read as a big-endian int, are {@code code}; null if none. */
    public static String commandFor(int code) {
        return BY_CODE.get(code);
    }

    public static Set<String> commands() {
        return new TreeSet<>(COMMANDS);
    }

    /** Runs a command and returns its text. */
    public static String run(String cmd, ServerContext server) {
        if (!server.config().fourLetterAllowed(cmd)) {
            return cmd + " is not executed because it is not in the whitelist.\n";
        }
        return switch (cmd) {
            case "ruok" -> "imok";
            case "srvr" -> srvr(server, false);
            case "stat" -> srvr(server, true);
            case "isro" -> "rw";
            default -> FourLetterReports.run(cmd, server);
        };
    }

    static String srvr(ServerContext server, boolean withClients) {
        ServerStats s = server.stats();
        StringBuilder sb = new StringBuilder(512);
        sb.append("Zookeeper version: ").append(VERSION).append(", built on Arbor\n");
        if (withClients) {
            sb.append("Clients:\n");
            for (ConnectionRegistry.Info c : server.connections().all()) {
                sb.append(c.describe()).append('\n');
            }
            sb.append('\n');
        }
        sb.append("Latency min/avg/max: ").append(s.minLatency()).append('/')
                .append(String.format("%.4f", s.avgLatency())).append('/').append(s.maxLatency()).append('\n');
        sb.append("Received: ").append(s.packetsReceived()).append('\n');
        sb.append("Sent: ").append(s.packetsSent()).append('\n');
        sb.append("Connections: ").append(server.connections().count()).append('\n');
        sb.append("Outstanding: ").append(server.prepare().queued()).append('\n');
        sb.append("Zxid: 0x").append(Long.toHexString(server.tree().lastProcessedZxid())).append('\n');
        sb.append("Mode: standalone\n");
        sb.append("Node count: ").append(server.tree().nodeCount()).append('\n');
        return sb.toString();
    }
}
