package io.arbor.bench;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.ZooKeeper;

/** What a workload run gets: the settings, the server it runs against, and a place to report progress. */
public final class WorkloadContext {
    /** Every znode the bench writes holds these 100 bytes (the same in every run). */
    private static final byte[] PAYLOAD = payload(100);

    private final BenchSettings settings;
    private final ServerHandle server;
    private final int round;
    private final Progress progress;
    private final String pathPrefix;
    private final Map<String, Object> shared = new HashMap<>();

    /**
     * @param pathPrefix the prefix of every workload's root znode: "/bench" on a server of the bench's own, something
     *     unique on a --target that may hold data of its own
     */
    public WorkloadContext(BenchSettings settings, ServerHandle server, int round, Progress progress,
            String pathPrefix) {
        this.settings = settings;
        this.server = server;
        this.round = round;
        this.progress = progress;
        this.pathPrefix = pathPrefix;
    }

    public BenchSettings settings() {
        return settings;
    }

    public Scale scale() {
        return settings.scale();
    }

    public ServerHandle server() {
        return server;
    }

    public String connectString() {
        return server.connectString();
    }

    /**
     * Where the {@code session}-th session of a workload connects: sessions are pinned round-robin to the server's
     * members (session i to member i mod N), so that an ensemble's members carry the same share of the load in every
     * run, which the stock client's random pick from a connect string of them all would not make sure of.
     */
    public String connectString(int session) {
        List<String> members = server.memberConnectStrings();
        return members.get(session % members.size());
    }

    public int round() {
        return round;
    }

    public Progress progress() {
        return progress;
    }

    /** "create | ZooKeeper 3.9.5 | round 1" for progress lines. */
    public String label(String workload) {
        return workload + " | " + server.label() + " | round " + round;
    }

    /** The root znode of a workload's data on this server. */
    public String root(String workload) {
        return pathPrefix + "-" + workload;
    }

    /** Whether a workload removes what it created when done: on a --target, which is someone else's server. */
    public boolean cleanUp() {
        return server instanceof ExternalServer;
    }

    /** State handed from one workload to the next on the same server (see {@link Workload#continuesFrom()}). */
    public Map<String, Object> shared() {
        return shared;
    }

    public byte[] payload() {
        return PAYLOAD;
    }

    /** The bench's S sessions. */
    public List<ZooKeeper> openSessions() throws IOException, InterruptedException, TimeoutException {
        return openSessions(settings.sessions());
    }

    /** {@code n} sessions, pinned round-robin to the server's members (see {@link #connectString(int)}). */
    public List<ZooKeeper> openSessions(int n) throws IOException, InterruptedException, TimeoutException {
        List<String> where = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            where.add(connectString(i));
        }
        return Clients.connectAll(where);
    }

    private static byte[] payload(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        return b;
    }
}
