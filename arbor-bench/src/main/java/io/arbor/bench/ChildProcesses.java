package io.arbor.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes the bench started and has not yet stopped (servers, session holders): killed when the bench's JVM
 * exits early (Ctrl-C), so that no server is left running on its own.
 */
final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : LIVE) {
                p.destroyForcibly();
            }
        }, "bench-kill-children"));
    }

    private ChildProcesses() {
    }

    static Process started(Process p) {
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        return p;
    }
}
