package io.arbor.it.ensemble;

import io.arbor.server.ArborServer;
import io.arbor.server.config.ConfigParser;
import io.arbor.server.ensemble.EnsembleMember;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * An ensemble of Arbor servers in this JVM, each configured as an operator would (server.N lines, myid in its
 * dataDir), on loopback ports of its own. Servers can be stopped and started again on the same data.
 */
final class InProcessEnsemble implements AutoCloseable {
    private final Path dir;
    private final Map<Long, String> lines = new LinkedHashMap<>();
    private String extraConfig = "";
    /** Servers up to this id make the first ensemble; a later one's configuration names itself too (it joins). */
    private long founders;
    private final Map<Long, Integer> clientPorts = new LinkedHashMap<>();
    private final Map<Long, ArborServer> running = new LinkedHashMap<>();

    private InProcessEnsemble(Path dir) {
        this.dir = dir;
    }

    /** {@code roles}: one entry per server, "participant" or "observer"; servers are numbered from 1. */
    static InProcessEnsemble start(Path dir, String... roles) {
        return withConfig(dir, "", roles);
    }

    /** {@code extraConfig}: zoo.cfg lines every server gets (e.g. snapCount=20). */
    static InProcessEnsemble withConfig(Path dir, String extraConfig, String... roles) {
        return withSpares(dir, extraConfig, roles.length, roles);
    }

    /**
     * Starts the first {@code founders} of the servers {@code roles} describes; the others have ports and can be
     * started later ({@link #startServer}) with a configuration that names them too, to join by reconfig.
     */
    static InProcessEnsemble withSpares(Path dir, String extraConfig, int founders, String... roles) {
        InProcessEnsemble e = new InProcessEnsemble(dir);
        e.extraConfig = extraConfig;
        e.founders = founders;
        for (int i = 0; i < roles.length; i++) {
            long id = i + 1;
            int client = freePort();
            e.clientPorts.put(id, client);
            e.lines.put(id, "server." + id + "=127.0.0.1:" + freePort() + ':' + freePort() + ':' + roles[i]
                    + ";127.0.0.1:" + client);
        }
        for (long id = 1; id <= founders; id++) {
            e.startServer(id);
        }
        return e;
    }

    static InProcessEnsemble ofThree(Path dir) {
        return start(dir, "participant", "participant", "participant");
    }

    private static int freePort() {
        return io.arbor.it.FreePorts.next();
    }

    /** Starts server {@code id} on its data directory (made, with its myid, the first time). */
    ArborServer startServer(long id) {
        try {
            Path data = dir.resolve("s" + id);
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), id + "\n");
            StringBuilder members = new StringBuilder();
            for (Map.Entry<Long, String> l : lines.entrySet()) {
                if (l.getKey() <= Math.max(founders, id)) {
                    members.append(l.getValue()).append('\n');
                }
            }
            String cfg = "tickTime=300\ninitLimit=10\nsyncLimit=5\ndataDir=" + data + "\n"
                    + "admin.enableServer=false\n4lw.commands.whitelist=*\nmaxClientCnxns=0\n" + extraConfig + "\n"
                    + members;
            ArborServer s = new ArborServer(ConfigParser.parse(cfg, "s" + id + ".cfg")).start();
            running.put(id, s);
            return s;
        } catch (Exception e) {
            throw new IllegalStateException("could not start server " + id, e);
        }
    }

    void stopServer(long id) {
        ArborServer s = running.remove(id);
        if (s != null) {
            s.close();
        }
    }

    ArborServer server(long id) {
        return running.get(id);
    }

    int clientPort(long id) {
        return clientPorts.get(id);
    }

    /** The server.N line of server {@code id}, as a reconfig names a joining server. */
    String serverLine(long id) {
        return lines.get(id);
    }

    /** host:port of every server, running or not, for a client's connect string. */
    String connectString() {
        return clientPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    String connectString(long id) {
        return "127.0.0.1:" + clientPorts.get(id);
    }

    /** Waits until the running servers agree on one leader that serves, and every running member serves. */
    long awaitLeader() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            long leader = -1;
            for (Map.Entry<Long, ArborServer> e : running.entrySet()) {
                EnsembleMember m = e.getValue().ensemble();
                if (m.notServing() != null) {
                    return -1L;
                }
                if (m.role() == EnsembleMember.Role.LEADING) {
                    leader = e.getKey();
                }
            }
            return leader;
        }, id -> id > 0);
    }

    List<Long> followers() {
        long leader = awaitLeader();
        List<Long> out = new ArrayList<>();
        for (long id : running.keySet()) {
            if (id != leader) {
                out.add(id);
            }
        }
        return out;
    }

    InetSocketAddress clientAddress(long id) {
        return running.get(id).clientAddress();
    }

    @Override
    public void close() {
        for (ArborServer s : running.values()) {
            s.close();
        }
        running.clear();
    }
}
