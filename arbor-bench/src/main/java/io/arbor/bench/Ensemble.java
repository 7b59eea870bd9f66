package io.arbor.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * An ensemble of one kind of server, every member a {@link ServerProcess} in a JVM of its own, started as an operator
 * starts one: a zoo.cfg with a server.N line per member (free loopback ports), a myid file in each member's fresh data
 * directory. Ready once one member reports itself leader and every other follower (srvr), and each member serves a
 * new session. The workloads see it as one server whose members their sessions are spread over.
 */
public final class Ensemble implements ServerHandle {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final long MODE_POLL_MS = 50;

    private final ServerKind kind;
    private final List<ServerProcess> members = new ArrayList<>();
    private long leader;

    private Ensemble(ServerKind kind) {
        this.kind = kind;
    }

    /** "Arbor (3 servers)": how the report names an ensemble's column. */
    public static String label(ServerKind kind, int size) {
        return kind.label() + " (" + size + " servers)";
    }

    /**
     * Starts {@code size} members under {@code dir} (which must not exist yet: each member's data directory is
     * dir/sN, its zoo.cfg dir/sN.cfg) and returns once the ensemble has a leader and every member serves requests.
     * Member N logs to {@code logName}-sN.log in the launch's log directory.
     */
    public static Ensemble start(ServerKind kind, int size, Path dir, String logName, ServerProcess.Launch launch)
            throws IOException, InterruptedException, TimeoutException {
        if (Files.exists(dir)) {
            throw new IllegalStateException(dir + " exists: every run starts on a fresh data directory");
        }
        Files.createDirectories(dir);
        int[] ports = ServerProcess.freePorts(3 * size);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < size; i++) {
            lines.append(ServerProcess.serverLine(i + 1, ports[3 * i], ports[3 * i + 1], ports[3 * i + 2]));
        }
        Ensemble e = new Ensemble(kind);
        try {
            for (int i = 0; i < size; i++) {
                long myid = i + 1;
                e.members.add(ServerProcess.launchMember(kind, dir.resolve("s" + myid), logName + "-s" + myid,
                        launch, new ServerProcess.Member(myid, ports[3 * i + 2], lines.toString())));
            }
            e.leader = e.awaitLeaderAndFollowers();
            for (ServerProcess m : e.members) {
                m.awaitServing("/");
            }
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    /** Polls srvr on every member until one says leader and all others follower; the leader's id. */
    private long awaitLeaderAndFollowers() throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        List<String> modes = List.of();
        while (System.nanoTime() < deadline) {
            for (ServerProcess m : members) {
                if (m.pid().isEmpty()) {
                    throw new IllegalStateException(kind.label() + " member " + (members.indexOf(m) + 1)
                            + " ended before the ensemble was ready; its log " + m.logFile() + " ends with:\n"
                            + ServerProcess.tail(m.logFile(), 20));
                }
            }
            modes = members.stream().map(m -> FourLetterWord.mode(HOST, m.port()).orElse("not serving")).toList();
            if (modes.stream().filter("leader"::equals).count() == 1
                    && modes.stream().filter("follower"::equals).count() == members.size() - 1) {
                return modes.indexOf("leader") + 1;
            }
            Thread.sleep(MODE_POLL_MS);
        }
        throw new TimeoutException(label() + " had no leader with " + (members.size() - 1) + " followers within "
                + START_TIMEOUT.toSeconds() + " s; srvr modes: " + modes);
    }

    @Override
    public String label() {
        return label(kind, members.size());
    }

    public ServerKind kind() {
        return kind;
    }

    public int size() {
        return members.size();
    }

    /** The myid of the member that reported itself leader when the ensemble became ready. */
    public long leader() {
        return leader;
    }

    /** Every member's client address, as a client that may connect to any of them is given it. */
    @Override
    public String connectString() {
        return String.join(",", memberConnectStrings());
    }

    /** Member N's address at index N-1. */
    @Override
    public List<String> memberConnectStrings() {
        return members.stream().map(ServerProcess::connectString).toList();
    }

    /** Empty: an ensemble is no one process (its members' pids are in {@link #pids}). */
    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    public List<Long> pids() {
        return members.stream().map(m -> m.pid().orElse(-1)).toList();
    }

    public List<Path> logFiles() {
        return members.stream().map(ServerProcess::logFile).toList();
    }

    @Override
    public boolean restartable() {
        return false;
    }

    @Override
    public RestartTiming restart(String probePath) {
        throw new UnsupportedOperationException("the bench does not restart an ensemble");
    }

    /** Stops every member: all are sent SIGTERM first, then each is waited for. */
    @Override
    public void close() {
        for (ServerProcess m : members) {
            m.signalStop();
        }
        for (ServerProcess m : members) {
            m.close();
        }
    }

    /**
     * What the members logged (their logging is at WARN): "s1: 0 WARN, 0 ERROR; s2: 2 WARN, 0 ERROR; ...", and the
     * first ERROR line, if any, so that a run's trouble shows in the bench's output.
     */
    public String logSummary() {
        List<String> parts = new ArrayList<>();
        String firstError = null;
        for (int i = 0; i < members.size(); i++) {
            int warn = 0;
            int error = 0;
            try {
                for (String line : Files.readAllLines(members.get(i).logFile(), StandardCharsets.UTF_8)) {
                    Optional<String> level = level(line);
                    if (level.isEmpty()) {
                        continue;
                    }
                    if (level.get().equals("WARN")) {
                        warn++;
                    } else if (level.get().equals("ERROR")) {
                        error++;
                        if (firstError == null) {
                            firstError = "s" + (i + 1) + ": " + line;
                        }
                    }
                }
            } catch (IOException e) {
                parts.add("s" + (i + 1) + ": log unreadable (" + e.getMessage() + ")");
                continue;
            }
            parts.add(String.format(Locale.ROOT, "s%d: %d WARN, %d ERROR", i + 1, warn, error));
        }
        return String.join("; ", parts) + (firstError == null ? "" : "; first ERROR: " + firstError);
    }

    /** The level of a line in the servers' log pattern ("HH:mm:ss.SSS LEVEL [thread] ..."), if it is one. */
    static Optional<String> level(String line) {
        String[] f = line.split("\\s+", 3);
        if (f.length < 3 || !f[0].matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}")) {
            return Optional.empty();
        }
        return Optional.of(f[1]);
    }

    @Override
    public String toString() {
        return label() + " " + members.stream().map(ServerProcess::connectString).collect(Collectors.joining(","));
    }
}
