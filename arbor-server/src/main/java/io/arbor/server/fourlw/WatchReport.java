package io.arbor.server.fourlw;

import io.arbor.server.watch.WatchManager;
import java.util.List;
import java.util.Map;

/**
 * wchs, wchc and wchp: the watches by session and by path. A (session, path) pair is one watch here,
 * whatever kinds it holds. ZooKeeper lists only its data-watch table (getData, exists, addWatch);
 * Arbor keeps one table, so child watches are listed too.
 */
public final class WatchReport {
    private WatchReport() {}

    /** wchs and the admin API's watch_summary: sessions watching, paths watched, (session, path) pairs. */
    public record Summary(int connections, int paths, int watches) {
        public static Summary of(WatchManager watches) {
            Map<Long, List<String>> bySession = watches.bySession();
            int total = 0;
            for (List<String> paths : bySession.values()) {
                total += paths.size();
            }
            return new Summary(bySession.size(), watches.byPathDump().size(), total);
        }
    }

    static String summary(WatchManager watches) {
        Summary s = Summary.of(watches);
        return s.connections() + " connections watching " + s.paths() + " paths\n"
                + "Total watches:" + s.watches() + "\n";
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
