package io.arbor.it.ensemble;

import io.arbor.it.ArborProcess;
import io.arbor.it.FourLetterWord;
import io.arbor.it.TcpProxy;
import java.io.IOException;
import java.net.ServerSocket;
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
 * Arbor servers in JVMs of their own whose every link goes through a {@link TcpProxy} of the test's, so that a
 * test can break the network between any two of them, or between the clients and one of them.
 *
 * <p>Each server reads a zoo.cfg of its own: its own {@code server.k} line names its real ports, and every other
 * {@code server.j} line names the proxies of the directed link k&rarr;j (one for j's quorum port, one for its
 * election port), which forward to j's real ports. So whatever k dials to reach j (Raft on the quorum port, the
 * follower's link on the election port) crosses k&rarr;j, and cutting both k&rarr;j and j&rarr;k separates the
 * two servers entirely. Clients reach server k through a proxy of its own.
 */
final class PartitionedEnsemble implements AutoCloseable {
    /** The proxies of one directed link k&rarr;j: what k dials to reach j. */
    record PeerProxies(TcpProxy quorum, TcpProxy election) {
        void cut() {
            quorum.cut();
            election.cut();
        }

        void stall() {
            quorum.stall();
            election.stall();
        }

        void heal() {
            quorum.heal();
            election.heal();
        }
    }

    private record Ports(int quorum, int election, int client) {}

    private final Path dir;
    private final int size;
    private final Map<Long, Ports> ports = new LinkedHashMap<>();
    /** "k>j" -> the proxies k dials to reach j. */
    private final Map<String, PeerProxies> peerProxies = new LinkedHashMap<>();
    private final Map<Long, TcpProxy> clientProxies = new LinkedHashMap<>();
    private final Map<Long, ArborProcess> running = new LinkedHashMap<>();
    private final Map<Long, Integer> starts = new LinkedHashMap<>();

    private PartitionedEnsemble(Path dir, int size) {
        this.dir = dir;
        this.size = size;
    }

    static PartitionedEnsemble start(Path dir, int size) throws IOException {
        PartitionedEnsemble e = new PartitionedEnsemble(dir, size);
        System.out.println("Partitioned ensemble of " + size + " in " + dir);
        // the servers' ports stay taken while the proxies pick theirs, so that no proxy takes one of them
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (long id = 1; id <= size; id++) {
                e.ports.put(id, new Ports(hold(held), hold(held), hold(held)));
            }
            for (long k = 1; k <= size; k++) {
                for (long j = 1; j <= size; j++) {
                    if (k != j) {
                        // peers connecting across a break are refused, as by a firewall that rejects
                        Ports to = e.ports.get(j);
                        e.peerProxies.put(k + ">" + j, new PeerProxies(TcpProxy.refusing(to.quorum()),
                                TcpProxy.refusing(to.election())));
                    }
                }
                e.clientProxies.put(k, new TcpProxy(e.ports.get(k).client()));
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        for (long id = 1; id <= size; id++) {
            e.startServer(id);
        }
        return e;
    }

    /** A server's port: from below the ephemeral range, so no outgoing connection takes it meanwhile. */
    private static int hold(List<ServerSocket> held) throws IOException {
        return io.arbor.it.FreePorts.next();
    }

    /** Server {@code k}'s view of the ensemble: its own ports, and its proxies to every other server. */
    private String serverLines(long k) {
        StringBuilder lines = new StringBuilder();
        for (long j = 1; j <= size; j++) {
            Ports real = ports.get(j);
            int quorum = real.quorum();
            int election = real.election();
            if (j != k) {
                PeerProxies via = proxies(k, j);
                quorum = via.quorum().port();
                election = via.election().port();
            }
            lines.append("server.").append(j).append("=127.0.0.1:").append(quorum).append(':').append(election)
                    .append(";127.0.0.1:").append(real.client()).append('\n');
        }
        return lines.toString();
    }

    void startServer(long id) throws IOException {
        Path cfg = EnsembleProcesses.memberConfig(dir, id, serverLines(id));
        int n = starts.merge(id, 1, Integer::sum);
        running.put(id, ArborProcess.start(cfg, logFile(id, n)));
    }

    private Path logFile(long id, int n) {
        return dir.resolve("s" + id + "-" + n + ".log");
    }

    List<Long> ids() {
        return new ArrayList<>(ports.keySet());
    }

    PeerProxies proxies(long from, long to) {
        return peerProxies.get(from + ">" + to);
    }

    TcpProxy clientProxy(long id) {
        return clientProxies.get(id);
    }

    /** Separates {@code a} and {@code b}: their connections are dropped and new ones refused, both ways. */
    void cutLink(long a, long b) {
        proxies(a, b).cut();
        proxies(b, a).cut();
    }

    /** Separates {@code a} and {@code b} silently: their connections stay open but carry nothing, both ways. */
    void stallLink(long a, long b) {
        proxies(a, b).stall();
        proxies(b, a).stall();
    }

    /** Heals every link, between servers and to clients. */
    void healAll() {
        peerProxies.values().forEach(PeerProxies::heal);
        clientProxies.values().forEach(TcpProxy::heal);
    }

    /** The clients' connect string: every server, each through its client proxy. */
    String clientConnectString() {
        return clientProxies.values().stream().map(TcpProxy::connectString).collect(Collectors.joining(","));
    }

    /** Server {@code id}'s client port itself, past its proxy. */
    String directConnectString(long id) {
        return "127.0.0.1:" + ports.get(id).client();
    }

    /** The mode srvr reports (asked past the proxies), or null while the server does not answer. */
    String mode(long id) {
        return Srvr.mode(ports.get(id).client());
    }

    /** The zxid srvr reports (asked past the proxies), or -1. */
    long zxid(long id) {
        return Srvr.zxid(ports.get(id).client());
    }

    /** Waits until one server reports itself leader and every other follower (all serving). */
    long awaitLeader(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(this::currentLeader,
                id -> id > 0);
    }

    /** The server that reports itself leader while every other one reports follower; -1 otherwise. */
    long currentLeader() {
        java.util.Map<Long, Integer> direct = new java.util.LinkedHashMap<>();
        running.keySet().forEach(id -> direct.put(id, ports.get(id).client()));
        return Srvr.leader(direct);
    }

    @Override
    public void close() throws InterruptedException {
        for (ArborProcess p : running.values()) {
            p.close();
        }
        running.clear();
        peerProxies.values().forEach(p -> {
            p.quorum().close();
            p.election().close();
        });
        clientProxies.values().forEach(TcpProxy::close);
    }
}
