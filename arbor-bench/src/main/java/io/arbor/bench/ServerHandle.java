package io.arbor.bench;

import java.util.List;
import java.util.OptionalLong;

/**
 * The server a workload runs against: one the bench started (and can inspect and restart), an ensemble the bench
 * started, or a --target.
 */
public interface ServerHandle extends AutoCloseable {
    /** "ZooKeeper 3.9.5", "Arbor", or the --target address. */
    String label();

    String connectString();

    /**
     * One connect string per member that sessions are spread over, round-robin (see
     * {@link WorkloadContext#connectString(int)}): an ensemble's members; a single server is its own only member.
     */
    default List<String> memberConnectStrings() {
        return List.of(connectString());
    }

    /** The server's process id, when the bench started it: for RSS, heap and CPU. */
    OptionalLong pid();

    /** Whether {@link #restart} can be called. */
    boolean restartable();

    /**
     * Stops the server cleanly (SIGTERM, waiting for it to exit), starts it again on the same data directory and
     * waits until {@code probePath} can be read by a new session.
     */
    RestartTiming restart(String probePath) throws Exception;

    /** Time to stop cleanly, and from launching the new process to the first request answered. */
    record RestartTiming(double stopSeconds, double startSeconds) {
    }

    @Override
    void close();
}
