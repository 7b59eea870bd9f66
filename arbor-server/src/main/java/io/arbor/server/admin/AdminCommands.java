package io.arbor.server.admin;

import io.arbor.protocol.Id;
import io.arbor.protocol.Perms;
import io.arbor.server.ConnectionRegistry;
import io.arbor.server.ServerContext;
import io.arbor.server.auth.AuthResult;
import io.arbor.server.auth.AuthenticationProvider;
import io.arbor.server.config.ServerConfig;
import io.arbor.server.fourlw.DirectorySizes;
import io.arbor.server.fourlw.EnvironmentReport;
import io.arbor.server.fourlw.FourLetterWords;
import io.arbor.server.fourlw.MonitorReport;
import io.arbor.server.fourlw.ServerReport;
import io.arbor.server.fourlw.WatchReport;
import io.arbor.server.network.ServerStats;
import io.arbor.server.storage.SnapshotWriter;
import io.arbor.server.tree.DataNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admin API's commands, named and shaped as ZooKeeper 3.9's AdminServer answers them (the same JSON keys),
 * with the four-letter words as aliases. Commands that only make sense in an ensemble answer as ZooKeeper's
 * standalone server does.
 */
public final class AdminCommands {
    /** What the snapshot commands need of the server. */
    public interface Snapshots {
        CompletableFuture<SnapshotWriter.Written> takeNow();

        Optional<SnapshotWriter.Written> last();
    }

    private final ServerContext server;
    private final Snapshots snapshots;
    private final AdminSettings settings;
    private final java.util.function.IntSupplier clientPort;
    private final AtomicLong lastSnapshotServed = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, AdminCommand> byName = new TreeMap<>();
    private final List<AdminCommand> primary = new ArrayList<>();

    /** @param clientPort the port the client port is bound to (the configured one may be 0) */
    public AdminCommands(ServerContext server, Snapshots snapshots, AdminSettings settings,
            java.util.function.IntSupplier clientPort) {
        this.server = server;
        this.clientPort = clientPort;
        this.snapshots = snapshots;
        this.settings = settings;
        add("configuration", List.of("conf", "config"), r -> CommandResponse.ok(configuration()));
        add("connection_stat_reset", List.of("crst"), r -> {
            server.connections().all().forEach(ConnectionRegistry.Info::resetStats);
            return CommandResponse.ok();
        });
        add("connections", List.of("cons"), r -> CommandResponse.ok(connections()));
        add("dirs", List.of(), r -> CommandResponse.ok(map("datadir_size", DirectorySizes.size(server.config()
                .dataDir()), "logdir_size", DirectorySizes.size(server.config().dataLogDir()))));
        add("dump", List.of(), r -> CommandResponse.ok(dump()));
        add("environment", List.of("env", "envi"), r -> CommandResponse.ok(new LinkedHashMap<>(
                EnvironmentReport.values())));
        add("get_trace_mask", List.of("gtmk"), r -> CommandResponse.ok(map("tracemask",
                FourLetterWords.DEFAULT_TRACE_MASK)));
        // Arbor keeps no digest history of its tree (as ZooKeeper with digests disabled)
        add("hash", List.of(), r -> CommandResponse.ok(map("digests", List.of())));
        add("initial_configuration", List.of("icfg"), r -> CommandResponse.ok(map("initial_configuration",
                initialConfiguration())));
        add("is_read_only", List.of("isro"), r -> CommandResponse.ok(map("read_only",
                server.membership().notServing() != null && server.config().readOnlyModeEnabled())));
        add("last_snapshot", List.of("lsnp"), r -> CommandResponse.ok(lastSnapshot()));
        // a standalone ZooKeeper answers this error, and so does a member that knows no leader
        add("leader", List.of("lead"), r -> server.membership().leader()
                .map(l -> CommandResponse.ok(map("is_leader", l.isThisServer(), "leader_id", l.id(),
                        "leader_ip", l.host())))
                .orElseGet(() -> CommandResponse.error(200, "server is not initialized")));
        add("monitor", List.of("mntr"), r -> CommandResponse.ok(MonitorReport.values(server)));
        add("observer_connection_stat_reset", List.of("orst"), r -> CommandResponse.ok());
        add("observers", List.of("obsr"), r -> CommandResponse.ok(map("synced_observers", 0, "observers",
                List.of())));
        add("ruok", List.of(), r -> CommandResponse.ok());
        add("server_stats", List.of("srvr"), r -> CommandResponse.ok(serverStats()));
        add("set_trace_mask", List.of("stmk"), r -> CommandResponse.error(200,
                "set_trace_mask is not supported by Arbor: it keeps no trace mask"));
        add("snapshot", List.of("snap"), true, this::snapshot);
        add("stat_reset", List.of("srst"), r -> {
            server.stats().reset();
            return CommandResponse.ok();
        });
        add("stats", List.of("stat"), r -> {
            Map<String, Object> out = serverStats();
            out.putAll(connections());
            return CommandResponse.ok(out);
        });
        add("system_properties", List.of("sysp"), r -> {
            Map<String, Object> out = new TreeMap<>();
            System.getProperties().forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
            return CommandResponse.ok(out);
        });
        add("voting_view", List.of(), r -> {
            Map<String, Object> members = new TreeMap<>();
            server.membership().votingMembers().forEach((id, value) -> members.put(String.valueOf(id), value));
            return CommandResponse.ok(map("current_config", members));
        });
        add("watch_summary", List.of("wchs"), r -> CommandResponse.ok(watchSummary()));
        add("watches", List.of("wchc"), r -> CommandResponse.ok(map("session_id_to_watched_paths",
                decimalKeys(server.tree().watches().bySession()))));
        add("watches_by_path", List.of("wchp"), r -> CommandResponse.ok(map("path_to_session_ids",
                server.tree().watches().byPathDump())));
        add("zabstate", List.of(), r -> CommandResponse.ok(map("voting", false, "zabstate", "")));
    }

    private void add(String name, List<String> aliases, java.util.function.Function<CommandRequest,
            CommandResponse> body) {
        add(name, aliases, false, body);
    }

    private void add(String name, List<String> aliases, boolean needsAuth,
            java.util.function.Function<CommandRequest, CommandResponse> body) {
        AdminCommand c = new AdminCommand(name, aliases, needsAuth, body);
        primary.add(c);
        byName.put(name, c);
        aliases.forEach(a -> byName.put(a, c));
    }

    /** The commands under their primary names, sorted (what {@code /commands} lists). */
    public List<AdminCommand> all() {
        List<AdminCommand> out = new ArrayList<>(primary);
        out.sort(java.util.Comparator.comparing(AdminCommand::name));
        return out;
    }

    public Optional<AdminCommand> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Runs a command, checking the caller's credentials first when it needs them. */
    public CommandResponse run(AdminCommand command, CommandRequest request, InetSocketAddress remote) {
        if (command.needsAuth()) {
            CommandResponse refused = authorize(request, remote);
            if (refused != null) {
                return refused;
            }
        }
        return command.body().apply(request);
    }

    /**
     * As ZooKeeper: the {@code Authorization: <scheme> <credentials>} header is authenticated by that scheme's
     * provider, and the ids it gives must hold ALL on the root znode.
     */
    private CommandResponse authorize(CommandRequest request, InetSocketAddress remote) {
        String header = request.authorization();
        if (header == null || header.isBlank()) {
            return CommandResponse.error(401, "Auth info is missing for the command");
        }
        String[] parts = header.trim().split("\\s+", 2);
        AuthenticationProvider provider = server.authProviders().get(parts[0]);
        if (provider == null || parts.length < 2) {
            return CommandResponse.error(401, "Not authenticated");
        }
        AuthResult result = provider.authenticate(remote, parts[1].getBytes(StandardCharsets.UTF_8));
        if (!(result instanceof AuthResult.Success success)) {
            return CommandResponse.error(401, "Not authenticated");
        }
        List<Id> ids = new ArrayList<>(success.ids());
        DataNode root = server.tree().get("/");
        if (root == null || !server.acls().check(root.acl(), Perms.ALL, ids)) {
            return CommandResponse.error(403, "Not authorized");
        }
        return null;
    }

    private CommandResponse snapshot(CommandRequest request) {
        if (!settings.snapshotEnabled()) {
            return CommandResponse.error(200, "Snapshot command is disabled");
        }
        long now = System.nanoTime() / 1_000_000;
        long last = lastSnapshotServed.get();
        if (last != Long.MIN_VALUE && now - last < settings.snapshotIntervalMs()
                || !lastSnapshotServed.compareAndSet(last, now)) {
            return CommandResponse.error(429, null);
        }
        try {
            SnapshotWriter.Written w = snapshots.takeNow().get(5, TimeUnit.MINUTES);
            return CommandResponse.file(w.file(), Map.of("last_zxid", "0x" + Long.toHexString(w.zxid()),
                    "snapshot_size", Long.toString(w.bytes())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommandResponse.error(500, "interrupted while taking the snapshot");
        } catch (ExecutionException | TimeoutException e) {
            lastSnapshotServed.set(last); // failed: the next call may try at once
            return CommandResponse.error(500, "snapshot failed: " + (e.getCause() == null ? e : e.getCause()));
        }
    }

    private Map<String, Object> configuration() {
        ServerConfig c = server.config();
        return map("client_port", clientPort.getAsInt(),
                "data_dir", io.arbor.server.storage.SnapshotFormat.snapshotDir(c.dataDir()).toString(),
                "data_log_dir", io.arbor.server.storage.LogFormat.segmentDir(c.dataLogDir()).toString(),
                "tick_time", c.tickTime(),
                "max_client_cnxns", c.maxClientCnxns(),
                "min_session_timeout", c.minSessionTimeout(),
                "max_session_timeout", c.maxSessionTimeout(),
                "server_id", c.serverId(),
                "client_port_listen_backlog", -1);
    }

    private String initialConfiguration() {
        Optional<java.nio.file.Path> file = server.config().sourceFile();
        if (file.isPresent()) {
            try {
                return Files.readString(file.get());
            } catch (IOException e) {
                // fall through: the file moved since start; show what was parsed
            }
        }
        StringBuilder sb = new StringBuilder();
        server.config().properties().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    private Map<String, Object> lastSnapshot() {
        Optional<SnapshotWriter.Written> w = snapshots.last();
        long zxid = w.map(SnapshotWriter.Written::zxid).orElse(0L);
        // no snapshot written by this server yet: the time it started (ZooKeeper snapshots at start-up)
        long seconds = w.map(x -> x.file().toFile().lastModified() / 1000)
                .orElse((System.currentTimeMillis() - server.stats().uptimeMillis()) / 1000);
        return map("zxid", Long.toHexString(zxid), "timestamp", seconds);
    }

    private Map<String, Object> serverStats() {
        ServerStats s = server.stats();
        Map<String, Object> clientResponse = map("last_buffer_size", -1, "min_buffer_size", -1,
                "max_buffer_size", -1);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("packets_sent", s.packetsSent());
        stats.put("packets_received", s.packetsReceived());
        stats.put("fsync_threshold_exceed_count", s.slowFsyncs());
        stats.put("client_response_stats", clientResponse);
        stats.put("provider_null", false);
        stats.put("data_dir_size", DirectorySizes.size(server.config().dataDir()));
        stats.put("log_dir_size", DirectorySizes.size(server.config().dataLogDir()));
        stats.put("last_processed_zxid", server.tree().lastProcessedZxid());
        stats.put("outstanding_requests", server.throttle().outstanding());
        stats.put("server_state", server.membership().mode());
        stats.put("avg_latency", ServerReport.avgLatency(s));
        stats.put("max_latency", s.maxLatency());
        stats.put("min_latency", s.minLatency());
        stats.put("num_alive_client_connections", server.connections().count());
        stats.put("uptime", s.uptimeMillis());
        stats.put("auth_failed_count", s.authFailures());
        stats.put("non_mtlsremote_conn_count", 0);
        stats.put("non_mtlslocal_conn_count", 0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", FourLetterWords.FULL_VERSION);
        out.put("read_only", false);
        out.put("server_stats", stats);
        out.put("client_response", clientResponse);
        out.put("node_count", server.tree().nodeCount());
        return out;
    }

    private Map<String, Object> connections() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ConnectionRegistry.Info c : server.connections().all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("remote_socket_address", c.remote());
            m.put("interest_ops", 1);
            m.put("outstanding_requests", c.queued());
            m.put("packets_received", c.packetsReceived());
            m.put("packets_sent", c.packetsSent());
            if (c.sessionId() != 0) {
                ConnectionRegistry.AnswerStats a = c.answers();
                m.put("session_id", c.sessionId());
                m.put("last_operation", io.arbor.server.fourlw.LastOperation.abbreviation(c.lastOpCode()));
                m.put("established", c.establishedMillis());
                m.put("session_timeout", c.sessionTimeout());
                m.put("last_cxid", a.lastCxid());
                m.put("last_zxid", c.lastZxid());
                m.put("last_response_time", a.lastResponseMillis());
                m.put("last_latency", a.lastLatency());
                m.put("min_latency", a.minLatency());
                m.put("avg_latency", a.avgLatency());
                m.put("max_latency", a.maxLatency());
            }
            list.add(m);
        }
        return map("connections", list, "secure_connections", List.of());
    }

    private Map<String, Object> dump() {
        Map<String, Object> byExpiry = new LinkedHashMap<>();
        server.sessions().byExpiry().forEach((expiry, ids) ->
                byExpiry.put(Long.toString(server.sessions().toWallClock(expiry)), ids));
        Map<String, Object> ephemerals = new TreeMap<>();
        server.tree().ephemeralsBySession().forEach((session, paths) -> {
            List<String> sorted = new ArrayList<>(paths);
            sorted.sort(null);
            ephemerals.put(Long.toString(session), sorted);
        });
        return map("expiry_time_to_session_ids", byExpiry, "session_id_to_ephemeral_paths", ephemerals);
    }

    private Map<String, Object> watchSummary() {
        WatchReport.Summary s = WatchReport.Summary.of(server.tree().watches());
        return map("num_connections", s.connections(), "num_paths", s.paths(), "num_total_watches", s.watches());
    }

    private static Map<String, Object> decimalKeys(Map<Long, ? extends Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(Long.toString(k), v));
        return out;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}
