package io.arbor.server.fourlw;

import io.arbor.server.watch.WatchManager;
import java.util.List;
import java.util.Map;

/**
 * wchs, wchc and wchp: the watches by session and by path. A (session, path) pair is one watch here,
 * whatever kinds it holds. ZooKeeper lists only its data-watch table (getData, exists, addWatch);
 * Arbor keeps one table, so child watches are listed too.
 */
final class WatchReport {
    private WatchReport() {}

    static String summary(WatchManager watches) {
        Map<Long, List<String>> bySession = watches.bySession();
        int total = 0;
        for (List<String> paths : bySession.values()) {
            total += paths.size();
        }
        return bySession.size() + " connections watching " + watches.byPathDump().size() + " paths\n"
                + "Total watches:" + total + "\n";
    }

    static String bySession(WatchManager watches) {
        StringBuilder sb = new StringBuilder(256);
        watches.bySession().forEach((session, paths) -> {
            sb.append("0x").append(Long.toHexString(session)).append('\n');
            paths.forEach(p -> sb.append('\t').append(p).append('\n'));
        });
        return sb.append('\n').toString();
    }

    static String byPath(WatchManager watches) {
        StringBuilder sb = new StringBuilder(256);
        watches.byPathDump().forEach((path, sessions) -> {
            sb.append(path).append('\n');
            sessions.forEach(s -> sb.append("\t0x").append(Long.toHexString(s)).append('\n'));
        });
        return sb.append('\n').toString();
    }
}
