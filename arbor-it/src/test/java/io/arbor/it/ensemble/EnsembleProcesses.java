package io.arbor.it.ensemble;

import io.arbor.it.ArborProcess;
import io.arbor.it.FourLetterWord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * An Arbor ensemble with every server in a JVM of its own, started as an operator starts one (zoo.cfg with
 * server.N lines, myid in dataDir), so that a test can kill a server with SIGKILL and start it again.
 */
final class EnsembleProcesses implements AutoCloseable {
    private final Path dir;
    private final Map<Long, Integer> clientPorts = new LinkedHashMap<>();
    private final Map<Long, ArborProcess> running = new LinkedHashMap<>();
    private final Map<Long, Integer> starts = new LinkedHashMap<>();
    private final String serverLines;

    private EnsembleProcesses(Path dir, String serverLines) {
        this.dir = dir;
        this.serverLines = serverLines;
    }

    static EnsembleProcesses start(Path dir, int size) {
        try {
            StringBuilder lines = new StringBuilder();
            Map<Long, Integer> clients = new LinkedHashMap<>();
            for (long id = 1; id <= size; id++) {
                int client = freePort();
                clients.put(id, client);
                lines.append("server.").append(id).append("=127.0.0.1:").append(freePort()).append(':')
                        .append(freePort()).append(";127.0.0.1:").append(client).append('\n');
            }
            EnsembleProcesses e = new EnsembleProcesses(dir, lines.toString());
            e.clientPorts.putAll(clients);
            for (long id : clients.keySet()) {
                e.startServer(id);
            }
            return e;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int freePort() {
        return io.arbor.it.FreePorts.next();
    }

    /**
     * Writes server {@code id}'s configuration as an operator would: its data directory under {@code dir} with
     * its myid, and a zoo.cfg naming the ensemble by {@code serverLines}; returns the zoo.cfg.
     */
    static Path memberConfig(Path dir, long id, String serverLines) throws IOException {
        Path data = dir.resolve("s" + id);
        Files.createDirectories(data);
        Files.writeString(data.resolve("myid"), id + "\n");
        Path cfg = dir.resolve("s" + id + ".cfg");
        Files.writeString(cfg, "tickTime=500\ninitLimit=10\nsyncLimit=5\ndataDir=" + data + "\n"
                + "admin.enableServer=false\n4lw.commands.whitelist=*\nmaxClientCnxns=0\n" + serverLines);
        return cfg;
    }

    void startServer(long id) throws IOException {
        Path cfg = memberConfig(dir, id, serverLines);
        int n = starts.merge(id, 1, Integer::sum);
        running.put(id, ArborProcess.start(cfg, logs().resolve("s" + id + "-" + n + ".log")));
    }

    /**
     * Where the servers' output goes: target/ensemble-logs/&lt;data dir name&gt;, kept after the test so that a
     * failure can be read.
     */
    private Path logs() throws IOException {
        Path logs = Path.of("target", "ensemble-logs", dir.getFileName().toString()).toAbsolutePath();
        Files.createDirectories(logs);
        return logs;
    }

    void kill9(long id) throws InterruptedException {
        running.remove(id).kill9();
    }

    String connectString() {
        return clientPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    String connectString(long id) {
        return "127.0.0.1:" + clientPorts.get(id);
    }

    /** The mode srvr reports, or null while the server does not answer. */
    String mode(long id) {
        return Srvr.mode(clientPorts.get(id));
    }

    /** The zxid srvr reports, or -1. */
    long zxid(long id) {
        return Srvr.zxid(clientPorts.get(id));
    }

    /** Waits until one running server reports itself leader and the others follower. */
    long awaitLeader(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            Map<Long, Integer> ports = new LinkedHashMap<>();
            running.keySet().forEach(id -> ports.put(id, clientPorts.get(id)));
            return Srvr.leader(ports);
        }, id -> id > 0);
    }

    Iterable<Long> runningIds() {
        return running.keySet();
    }

    @Override
    public void close() throws InterruptedException {
        for (ArborProcess p : running.values()) {
            p.close();
        }
        running.clear();
    }
}
