package io.arbor.it.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arbor.it.ArborTestServer;
import io.arbor.server.storage.Snapshot;
import io.arbor.server.storage.SnapshotReader;
import io.arbor.server.tree.NodeImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin HTTP API and {@code /metrics}: every command ZooKeeper 3.9's AdminServer lists answers with the same
 * JSON keys (checked against a real ZooKeeper run side by side), says what the server holds, and the snapshot
 * command authenticates, rate-limits and streams a snapshot that verifies.
 */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** ZooKeeper's restore takes a snapshot stream of ZooKeeper's own format: not offered by Arbor. */
    private static final Set<String> NOT_OFFERED = Set.of("restore");

    private static ArborTestServer arbor;
    private static ZooKeeper arborClient;

    @BeforeAll
    static void start() throws Exception {
        arbor = ArborTestServer.start("admin.enableServer=true\nadmin.serverAddress=127.0.0.1\nadmin.serverPort=0\n"
                + "admin.rateLimiterIntervalInMS=600000\n");
        arborClient = arbor.client();
        populate(arborClient);
    }

    @AfterAll
    static void stop() throws Exception {
        if (arborClient != null) {
            arborClient.close();
        }
        if (arbor != null) {
            arbor.close();
        }
    }

    /** The same few nodes and watches on either server, so that the commands have something to show. */
    private static void populate(ZooKeeper zk) throws Exception {
        zk.create("/admin-e", "x".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL);
        zk.create("/admin-p", "y".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
        zk.exists("/admin-p", true);
        zk.getData("/admin-e", true, null);
    }

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static int adminPort() {
        return arbor.server().adminAddress().getPort();
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode command(int port, String name) throws Exception {
        HttpResponse<String> r = get(base(port) + "/commands/" + name);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    private static List<String> listed(int port) throws Exception {
        HttpResponse<String> r = get(base(port) + "/commands");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("<a href=\"/commands/([a-z_]+)\">\\1</a>").matcher(r.body());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void everyCommandZooKeeperListsIsAnsweredWithZooKeepersKeys() throws Exception {
        try (ZooKeeperWithAdmin zk = ZooKeeperWithAdmin.start()) {
            ZooKeeper zkClient = new ZooKeeper("127.0.0.1:" + zk.clientPort, 10_000, e -> { });
            try {
                io.arbor.it.Poll.await().until(() -> zkClient.getState() == ZooKeeper.States.CONNECTED);
                populate(zkClient);
                List<String> reference = listed(zk.adminPort);
                assertThat(reference).hasSizeGreaterThan(20);
                List<String> ours = listed(adminPort());
                assertThat(ours).containsExactlyElementsOf(reference.stream()
                        .filter(n -> !NOT_OFFERED.contains(n)).toList());

                for (String name : ours) {
                    if (name.equals("snapshot")) {
                        continue; // needs credentials: its own test
                    }
                    JsonNode theirs = command(zk.adminPort, name);
                    JsonNode mine = command(adminPort(), name);
                    assertThat(mine.get("command").asText()).as(name).isEqualTo(theirs.get("command").asText());
                    assertThat(mine.has("error")).as(name + " has an error key").isTrue();
                    switch (name) {
                        case "monitor" -> assertThat(keys(theirs)).as(name).containsAll(keys(mine));
                        case "system_properties", "set_trace_mask" -> { } // the JVM's own; Arbor keeps no mask
                        case "server_stats", "stats" -> {
                            assertThat(keys(mine)).as(name).isEqualTo(keys(theirs));
                            assertThat(keys(mine.get("server_stats"))).as(name)
                                    .isEqualTo(keys(theirs.get("server_stats")));
                        }
                        case "connections" -> {
                            assertThat(keys(mine)).isEqualTo(keys(theirs));
                            assertThat(keys(mine.get("connections").get(0)))
                                    .isEqualTo(keys(theirs.get("connections").get(0)));
                        }
                        default -> assertThat(keys(mine)).as(name).isEqualTo(keys(theirs));
                    }
                }
                // the keys every ZooKeeper mntr has, in monitor without the zk_ prefix
                assertThat(keys(command(adminPort(), "monitor"))).contains("version", "server_state",
                        "avg_latency", "max_latency", "min_latency", "packets_received", "packets_sent",
                        "num_alive_connections", "outstanding_requests", "uptime", "znode_count", "watch_count",
                        "ephemerals_count", "approximate_data_size", "global_sessions");
            } finally {
                zkClient.close();
            }
        }
    }

    @Test
    void commandsShowWhatTheServerHolds() throws Exception {
        long session = arborClient.getSessionId();
        arborClient.getData("/admin-p", false, null);

        JsonNode mntr = command(adminPort(), "mntr");
        assertThat(mntr.get("command").asText()).as("an alias answers as its command").isEqualTo("monitor");
        assertThat(mntr.get("znode_count").asLong()).isEqualTo(arbor.server().context().tree().nodeCount());
        assertThat(mntr.get("ephemerals_count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(mntr.get("server_state").asText()).isEqualTo("standalone");

        // a fresh client, asked about at once: no ping can have come after its getData
        ZooKeeper fresh = arbor.client();
        try {
            fresh.getData("/admin-p", false, null);
            JsonNode cons = command(adminPort(), "connections").get("connections");
            JsonNode mine = null;
            for (JsonNode c : cons) {
                if (c.path("session_id").asLong() == fresh.getSessionId()) {
                    mine = c;
                }
            }
            assertThat(mine).as("our session in %s", cons).isNotNull();
            assertThat(mine.get("last_operation").asText()).isEqualTo("GETD");
            assertThat(mine.get("last_cxid").asInt()).isEqualTo(1);
            assertThat(mine.get("session_timeout").asInt()).isEqualTo(fresh.getSessionTimeout());
        } finally {
            fresh.close();
        }

        JsonNode dump = command(adminPort(), "dump");
        assertThat(dump.get("session_id_to_ephemeral_paths").get(Long.toString(session)))
                .extracting(JsonNode::asText).containsExactly("/admin-e");
        assertThat(dump.get("expiry_time_to_session_ids").toString()).contains(Long.toString(session));

        assertThat(command(adminPort(), "watches").get("session_id_to_watched_paths").get(Long.toString(session)))
                .extracting(JsonNode::asText).contains("/admin-p", "/admin-e");
        assertThat(command(adminPort(), "watches_by_path").get("path_to_session_ids").get("/admin-p"))
                .extracting(JsonNode::asLong).contains(session);
        assertThat(command(adminPort(), "wchs").get("num_total_watches").asInt()).isGreaterThanOrEqualTo(2);

        JsonNode conf = command(adminPort(), "configuration");
        assertThat(conf.get("client_port").asInt()).isEqualTo(arbor.port());
        assertThat(conf.get("tick_time").asInt()).isEqualTo(200);
        assertThat(command(adminPort(), "initial_configuration").get("initial_configuration").asText())
                .contains("admin.serverPort=0");
        assertThat(command(adminPort(), "is_read_only").get("read_only").asBoolean()).isFalse();
        assertThat(command(adminPort(), "environment").get("java.version").asText())
                .isEqualTo(System.getProperty("java.version"));
        assertThat(command(adminPort(), "system_properties").get("java.home").asText())
                .isEqualTo(System.getProperty("java.home"));
        assertThat(command(adminPort(), "ruok").get("error").isNull()).isTrue();
        assertThat(command(adminPort(), "no_such_thing").get("error").asText())
                .isEqualTo("Unknown command: no_such_thing");

        long zxid = arbor.server().snapshotNow().get().zxid();
        assertThat(command(adminPort(), "last_snapshot").get("zxid").asText()).isEqualTo(Long.toHexString(zxid));

        JsonNode srvr = command(adminPort(), "srvr");
        assertThat(srvr.get("server_stats").get("last_processed_zxid").asLong())
                .isEqualTo(arbor.server().context().tree().lastProcessedZxid());
        assertThat(srvr.get("node_count").asLong()).isEqualTo(arbor.server().context().tree().nodeCount());
    }

    @Test
    void snapshotAuthenticatesIsRateLimitedAndStreamsASnapshotThatVerifies(@TempDir Path dir) throws Exception {
        String url = base(adminPort()) + "/commands/snapshot";
        HttpResponse<String> none = get(url);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).get("error").asText()).isEqualTo("Auth info is missing for the command");
        assertThat(get(url, "Authorization", "nosuchscheme a:b").statusCode()).isEqualTo(401);

        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "digest admin:secret").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        long zxid = Long.decode(r.headers().firstValue("last_zxid").orElseThrow());
        Path file = dir.resolve(String.format("snapshot.%x", zxid));
        try (InputStream in = r.body()) {
            Files.copy(in, file);
        }
        assertThat(Files.size(file)).isEqualTo(Long.parseLong(r.headers().firstValue("snapshot_size").orElseThrow()));
        Snapshot snapshot = SnapshotReader.read(file, 1 << 20);
        assertThat(snapshot.zxid()).isEqualTo(zxid);
        assertThat(snapshot.nodes()).extracting(NodeImage::path).contains("/admin-p", "/admin-e");

        assertThat(get(url, "Authorization", "digest admin:secret").statusCode()).as("rate-limited").isEqualTo(429);
    }

    @Test
    void metricsAreServedInPrometheusTextWithZooKeepersNames() throws Exception {
        for (int i = 0; i < 20; i++) {
            arborClient.getData("/admin-p", false, null);
            arborClient.setData("/admin-p", new byte[] {(byte) i}, -1);
        }
        HttpResponse<String> r = get(base(adminPort()) + "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        String text = r.body();
        assertThat(value(text, "znode_count")).isEqualTo(arbor.server().context().tree().nodeCount());
        assertThat(value(text, "ephemerals_count")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "num_alive_connections")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "readlatency_count")).isGreaterThanOrEqualTo(20);
        assertThat(value(text, "updatelatency_count")).isGreaterThanOrEqualTo(20);
        assertThat(value(text, "fsynctime_count")).isGreaterThanOrEqualTo(1);
        assertThat(text).contains("readlatency{quantile=\"0.99\"}", "updatelatency{quantile=\"0.5\"}",
                "# TYPE znode_count gauge", "jvm_memory_used_bytes");
    }

    @Test
    void theMetricsPortServesMetricsAloneAndABadRequestClosesOnlyItsConnection() throws Exception {
        int metricsPort;
        try (ServerSocket s = new ServerSocket(0)) {
            metricsPort = s.getLocalPort();
        }
        try (ArborTestServer server = ArborTestServer.start("metricsProvider.httpPort=" + metricsPort
                + "\nmetricsProvider.httpHost=127.0.0.1\n")) {
            assertThat(server.server().adminAddress()).as("admin.enableServer=false").isNull();
            assertThat(get(base(metricsPort) + "/metrics").body()).contains("znode_count");
            assertThat(get(base(metricsPort) + "/commands/ruok").statusCode()).isEqualTo(404);

            // a request line far beyond any sane length
            try (Socket s = new Socket("127.0.0.1", metricsPort)) {
                OutputStream out = s.getOutputStream();
                out.write(("GET /" + "x".repeat(200_000) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("HTTP/1.1 4");
            } catch (IOException reset) {
                // closing the connection without an answer is as good
            }
            assertThat(get(base(metricsPort) + "/metrics").statusCode()).isEqualTo(200);
            ZooKeeper zk = server.client();
            assertThat(zk.exists("/", false)).isNotNull();
            zk.close();
        }
    }

    @Test
    void anAdminPortInUseIsLoggedAndTheServerServesClientsAnyway() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ArborTestServer server = ArborTestServer.start("admin.enableServer=true\nadmin.serverAddress=127.0.0.1"
                     + "\nadmin.serverPort=" + taken.getLocalPort() + "\n")) {
            assertThat(server.server().adminAddress()).isNull();
            ZooKeeper zk = server.client();
            assertThat(zk.exists("/", false)).isNotNull();
            zk.close();
        }
    }

    /** A sample's value from the Prometheus text (the line {@code name value}). */
    private static long value(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(text);
        assertThat(m.find()).as(name + " in\n" + text).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }
}
