package io.arbor.server.fourlw;

import io.arbor.server.config.ServerConfig;
import java.util.Map;
import java.util.Set;

/**
 * conf: {@code key=value} lines. First the keys a standalone ZooKeeper 3.9 prints, with the values in
 * effect, then the other zoo.cfg keys as written. Keys that may hold a secret (super digest, passwords)
 * are never printed.
 */
final class ConfigReport {
    /** zoo.cfg keys whose effective value is already among ZooKeeper's lines. */
    private static final Set<String> PRINTED = Set.of("clientPort", "secureClientPort", "dataDir", "dataLogDir",
            "tickTime", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout", "clientPortListenBacklog",
            "serverId");

    private ConfigReport() {}

    static String conf(ServerConfig config) {
        StringBuilder sb = new StringBuilder(1024);
        // The configured port: 0 when the server was asked to pick a free one.
        put(sb, "clientPort", config.clientAddress().getPort());
        // Arbor serves no TLS client port; -1 is ZooKeeper's "none".
        put(sb, "secureClientPort", -1);
        put(sb, "dataDir", config.dataDir().toAbsolutePath());
        put(sb, "dataDirSize", DirectorySizes.size(config.dataDir()));
        put(sb, "dataLogDir", config.dataLogDir().toAbsolutePath());
        put(sb, "dataLogSize", DirectorySizes.size(config.dataLogDir()));
        put(sb, "tickTime", config.tickTime());
        put(sb, "maxClientCnxns", config.maxClientCnxns());
        put(sb, "minSessionTimeout", config.minSessionTimeout());
        put(sb, "maxSessionTimeout", config.maxSessionTimeout());
        // Not configurable in Arbor; -1 is ZooKeeper's "not set, the platform's default".
        put(sb, "clientPortListenBacklog", -1);
        // A standalone ZooKeeper reports server id 0 whatever its myid file says.
        put(sb, "serverId", config.standalone() ? 0 : config.serverId());
        for (Map.Entry<String, String> e : config.properties().entrySet()) {
            if (!PRINTED.contains(e.getKey()) && !ServerConfig.isSecretKey(e.getKey())) {
                put(sb, e.getKey(), e.getValue());
            }
        }
        return sb.toString();
    }

    private static void put(StringBuilder sb, String key, Object value) {
        sb.append(key).append('=').append(value).append('\n');
    }
}
