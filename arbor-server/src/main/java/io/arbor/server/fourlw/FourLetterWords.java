package io.arbor.server.fourlw;

import io.arbor.server.ServerContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four-letter words sent as the first four bytes of a connection, answered in text as ZooKeeper 3.9
 * answers them, each gated by {@code 4lw.commands.whitelist}. The caller writes the text and closes.
 */
public final class FourLetterWords {
    private static final Logger LOG = LoggerFactory.getLogger(FourLetterWords.class);

    /** Kept in ZooKeeper's x.y.z form: kazoo and monitoring scripts parse it from envi, srvr and mntr. */
    public static final String VERSION = "3.9.5-arbor-0.1.0";
    /** What ZooKeeper calls its full version: the version and where it was built. */
    public static final String FULL_VERSION = VERSION + ", built on Arbor";

    /**
     * ZooKeeper's default trace mask (client requests, server packets, sessions, warnings), which gtmk
     * reports on a server nobody has set it on. Arbor writes no trace log, so it never changes.
     */
    public static final long DEFAULT_TRACE_MASK = 306;

    private static final Set<String> COMMANDS = Set.of("ruok", "srvr", "stat", "conf", "cons", "crst", "envi",
            "mntr", "srst", "wchs", "wchc", "wchp", "dump", "isro", "dirs", "gtmk", "stmk", "hash");
    private static final Map<Integer, String> BY_CODE = byCode();

    /** "rw" while the server takes writes, "ro" while it serves read-only sessions, "null" while it serves none. */
    private static String isro(ServerContext server) {
        if (server.membership().notServing() == null) {
            return "rw";
        }
        return server.config().readOnlyModeEnabled() ? "ro" : "null";
    }

    private FourLetterWords() {}

    private static Map<Integer, String> byCode() {
        Map<Integer, String> m = new HashMap<>();
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
        // ZooKeeper counts the word itself as a packet received, before the whitelist check.
        server.stats().received();
        if (!server.config().fourLetterAllowed(cmd)) {
            LOG.debug("Command {} is not executed because it is not in the whitelist", cmd);
            return cmd + " is not executed because it is not in the whitelist.\n";
        }
        LOG.debug("Processing four-letter word {}", cmd);
        return switch (cmd) {
            case "ruok" -> "imok";
            case "isro" -> isro(server);
            case "srvr" -> ServerReport.srvr(server);
            case "stat" -> ServerReport.stat(server);
            case "srst" -> ServerReport.reset(server);
            case "cons" -> ConnectionReport.cons(server.connections());
            case "crst" -> ConnectionReport.reset(server.connections());
            case "conf" -> ConfigReport.conf(server.config());
            case "envi" -> EnvironmentReport.envi();
            case "dirs" -> DirectorySizes.dirs(server.config());
            case "mntr" -> MonitorReport.mntr(server);
            case "wchs" -> WatchReport.summary(server.tree().watches());
            case "wchc" -> WatchReport.bySession(server.tree().watches());
            case "wchp" -> WatchReport.byPath(server.tree().watches());
            case "dump" -> DumpReport.dump(server);
            case "gtmk" -> Long.toString(DEFAULT_TRACE_MASK);
            // ZooKeeper lists its tree digests here; Arbor keeps none, as ZooKeeper with digests disabled.
            case "hash" -> "";
            // stmk's 8-byte mask follows the word; the frame decoder reads and drops it.
            case "stmk" -> "stmk is not supported by Arbor: it keeps no trace mask.\n";
            default -> throw new IllegalArgumentException("not a four-letter word: " + cmd);
        };
    }
}
