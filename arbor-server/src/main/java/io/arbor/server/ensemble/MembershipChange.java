package io.arbor.server.ensemble;

import io.arbor.protocol.request.ReconfigRequest;
import io.arbor.server.config.ServerSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The membership a reconfig asks for, from the current one: incremental (servers joining, ids leaving) or a
 * whole new list; and the text form /zookeeper/config holds, read back by every member when it applies it.
 */
final class MembershipChange {
    private MembershipChange() {}

    /**
     * @throws IllegalArgumentException if a server line does not parse, an id leaving is not a member, or the
     *     request names no change at all
     */
    static Map<Long, ServerSpec> apply(Map<Long, ServerSpec> current, ReconfigRequest req) {
        if (notBlank(req.newMembers())) {
            Map<Long, ServerSpec> next = new TreeMap<>();
            for (String entry : req.newMembers().split("[,\\n]")) {
                if (notBlank(entry)) {
                    ServerSpec s = serverLine(entry.trim());
                    next.put(s.id(), s);
                }
            }
            return next;
        }
        if (!notBlank(req.joiningServers()) && !notBlank(req.leavingServers())) {
            throw new IllegalArgumentException("a reconfig names no server joining, leaving or as the new members");
        }
        Map<Long, ServerSpec> next = new TreeMap<>(current);
        if (notBlank(req.leavingServers())) {
            for (String id : req.leavingServers().split(",")) {
                if (!notBlank(id)) {
                    continue;
                }
                long n = parseId(id.trim());
                if (next.remove(n) == null) {
                    throw new IllegalArgumentException("server " + n + " is not a member");
                }
            }
        }
        if (notBlank(req.joiningServers())) {
            for (String entry : req.joiningServers().split(",")) {
                if (notBlank(entry)) {
                    ServerSpec s = serverLine(entry.trim());
                    next.put(s.id(), s); // a member named again changes its role or addresses
                }
            }
        }
        return next;
    }

    /** {@code server.N=spec} as a reconfig and /zookeeper/config write it. */
    private static ServerSpec serverLine(String line) {
        int eq = line.indexOf('=');
        if (!line.startsWith("server.") || eq < 0) {
            throw new IllegalArgumentException("'" + line + "' is not server.N=" + ServerSpec.SYNTAX);
        }
        return ServerSpec.parse(parseId(line.substring("server.".length(), eq)), line.substring(eq + 1));
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a server id");
        }
    }

    /** The servers and version that a /zookeeper/config text holds. */
    record Parsed(Map<Long, ServerSpec> members, long version) {}

    static Parsed parse(String text) {
        Map<Long, ServerSpec> members = new LinkedHashMap<>();
        long version = 0;
        for (String line : text.split("\n")) {
            String l = line.trim();
            if (l.startsWith("server.")) {
                ServerSpec s = serverLine(l);
                members.put(s.id(), s);
            } else if (l.startsWith("version=")) {
                version = Long.parseUnsignedLong(l.substring("version=".length()), 16);
            }
        }
        return new Parsed(members, version);
    }

    /** The server lines of /zookeeper/config, each ending in a newline (the version line follows them). */
    static String text(Map<Long, ServerSpec> members) {
        StringBuilder sb = new StringBuilder();
        for (ServerSpec s : members.values()) {
            sb.append("server.").append(s.id()).append('=').append(s.toConfigValue()).append('\n');
        }
        return sb.toString();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
