package io.arbor.server.fourlw;

import io.arbor.server.ServerContext;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** dump: the sessions by expiry time, then the ephemeral nodes by owning session. */
final class DumpReport {
    private DumpReport() {}

    static String dump(ServerContext server) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("SessionTracker dump:\n");
        Map<Long, List<Long>> byExpiry = server.sessions().byExpiry();
        int sessions = 0;
        for (List<Long> ids : byExpiry.values()) {
            sessions += ids.size();
        }
        sb.append("Session Sets (").append(byExpiry.size()).append(")/(").append(sessions).append("):\n");
        byExpiry.forEach((expiry, ids) -> {
            // Date.toString, as ZooKeeper prints it: "Tue Feb 11 12:00:03 UTC 2026".
            sb.append(ids.size()).append(" expire at ").append(new Date(server.sessions().toWallClock(expiry))).append(":\n");
            ids.forEach(id -> sb.append("\t0x").append(Long.toHexString(id)).append('\n'));
        });
        sb.append("ephemeral nodes dump:\n");
        Map<Long, List<String>> ephemerals = new TreeMap<>();
        for (Map.Entry<Long, Set<String>> e : server.tree().ephemeralsBySession().entrySet()) {
            List<String> paths = new ArrayList<>(e.getValue());
            paths.sort(null);
            ephemerals.put(e.getKey(), paths);
        }
        sb.append("Sessions with Ephemerals (").append(ephemerals.size()).append("):\n");
        ephemerals.forEach((session, paths) -> {
            sb.append("0x").append(Long.toHexString(session)).append(":\n");
            paths.forEach(p -> sb.append('\t').append(p).append('\n'));
        });
        // ZooKeeper lists connections here only with its NIO factory; like its Netty one, Arbor lists none.
        sb.append("Connections dump:\n");
        return sb.toString();
    }
}
