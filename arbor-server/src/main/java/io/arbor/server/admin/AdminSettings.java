package io.arbor.server.admin;

import io.arbor.server.config.ServerConfig;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The admin HTTP server's settings, read as ZooKeeper reads them: {@code admin.enableServer},
 * {@code admin.serverAddress}, {@code admin.serverPort}, {@code admin.commandURL},
 * {@code admin.rateLimiterIntervalInMS} (snapshot), {@code admin.snapshot.enabled}; and for the metrics,
 * {@code metricsProvider.httpPort} / {@code metricsProvider.httpHost}, where ZooKeeper's Prometheus provider
 * listens. The admin server serves {@code /metrics} too.
 */
public record AdminSettings(boolean enabled, String address, int port, String commandUrl,
                            long snapshotIntervalMs, boolean snapshotEnabled, String metricsHost,
                            OptionalInt metricsPort) {
    public static final String DEFAULT_COMMAND_URL = "/commands";
    public static final long DEFAULT_SNAPSHOT_INTERVAL_MS = 5 * 60 * 1000;

    public static AdminSettings from(ServerConfig config) {
        Map<String, String> p = config.properties();
        String url = p.getOrDefault("admin.commandURL",
                System.getProperty("zookeeper.admin.commandURL", DEFAULT_COMMAND_URL));
        if (!url.startsWith("/")) {
            url = "/" + url;
        }
        String metricsPort = p.get("metricsProvider.httpPort");
        return new AdminSettings(config.adminEnableServer(), config.adminServerAddress(), config.adminServerPort(),
                url.endsWith("/") && url.length() > 1 ? url.substring(0, url.length() - 1) : url,
                Long.parseLong(p.getOrDefault("admin.rateLimiterIntervalInMS",
                        System.getProperty("zookeeper.admin.rateLimiterIntervalInMS",
                                Long.toString(DEFAULT_SNAPSHOT_INTERVAL_MS))).trim()),
                Boolean.parseBoolean(p.getOrDefault("admin.snapshot.enabled",
                        System.getProperty("zookeeper.admin.snapshot.enabled", "true")).trim()),
                p.getOrDefault("metricsProvider.httpHost", "0.0.0.0").trim(),
                metricsPort == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(metricsPort.trim())));
    }
}
