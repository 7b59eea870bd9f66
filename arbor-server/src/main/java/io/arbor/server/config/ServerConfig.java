package io.arbor.server.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server's configuration, as read from a zoo.cfg by {@link ConfigParser}. Immutable.
 *
 * <p>The defaults are Apache ZooKeeper 3.9's when the key is absent. The zoo.cfg key that sets each
 * component is given below; "(+sysprop)" marks keys that ZooKeeper reads as Java system properties:
 * for those the zoo.cfg key wins (written with or without a {@code zookeeper.} prefix), then the
 * system property, then the default.
 *
 * @param tickTime {@code tickTime}, ms; 3000 if absent
 * @param dataDir {@code dataDir}, absolute
 * @param dataLogDir {@code dataLogDir}, absolute; defaults to dataDir
 * @param clientAddress {@code clientPortAddress} (default: the wildcard address) and
 *     {@code clientPort} (0 means any free port)
 * @param maxClientCnxns {@code maxClientCnxns}, per client IP; 0 = unlimited
 * @param maxCnxns {@code maxCnxns} (+sysprop {@code zookeeper.maxCnxns}); 0 = unlimited
 * @param minSessionTimeout {@code minSessionTimeout}, ms; 2*tickTime by default
 * @param maxSessionTimeout {@code maxSessionTimeout}, ms; 20*tickTime by default
 * @param extendedTypesEnabled {@code extendedTypesEnabled} (+sysprop); TTL nodes
 * @param fourLetterWhitelist {@code 4lw.commands.whitelist} (+sysprop); always holds {@code srvr},
 *     plus {@code isro} in read-only mode; {@code "*"} means every command
 * @param juteMaxBuffer {@code jute.maxbuffer} (+sysprop {@code jute.maxbuffer}), bytes
 * @param adminEnableServer {@code admin.enableServer} (+sysprop)
 * @param adminServerAddress {@code admin.serverAddress} (+sysprop)
 * @param adminServerPort {@code admin.serverPort} (+sysprop); 0 means any free port
 * @param autopurgeSnapRetainCount {@code autopurge.snapRetainCount}; at least 3
 * @param autopurgePurgeInterval {@code autopurge.purgeInterval}, hours; 0 disables purging
 * @param snapCount {@code snapCount} (+sysprop), txns between snapshots; at least 2
 * @param preAllocSizeKb {@code preAllocSize} (+sysprop), KiB
 * @param forceSync {@code forceSync} (+sysprop), {@code yes}/{@code no}
 * @param globalOutstandingLimit {@code globalOutstandingLimit} (+sysprop)
 * @param initLimit {@code initLimit}, ticks; 0 if absent
 * @param syncLimit {@code syncLimit}, ticks; 0 if absent
 * @param reconfigEnabled {@code reconfigEnabled}
 * @param standaloneEnabled {@code standaloneEnabled}
 * @param readOnlyModeEnabled {@code readonlymode.enabled} (+sysprop {@code readonlymode.enabled})
 * @param servers the {@code server.N} lines, sorted by id
 * @param serverId from {@code dataDir/myid}; 1 if that file does not exist
 * @param containerCheckIntervalMs {@code znode.container.checkIntervalMs} (+sysprop)
 * @param containerMaxPerMinute {@code znode.container.maxPerMinute} (+sysprop)
 * @param containerMaxNeverUsedIntervalMs {@code znode.container.maxNeverUsedIntervalMs} (+sysprop);
 *     0 = never
 * @param authProviders custom auth provider class names, keyed by the key they were given under:
 *     {@code authProvider.N} from zoo.cfg, {@code zookeeper.authProvider.N} from system properties
 *     (the zoo.cfg entry wins for the same N); sorted by key
 * @param superDigest {@code DigestAuthenticationProvider.superDigest} (+sysprop), in the form
 *     {@code super:<base64 sha1>}; null if none
 * @param skipAcl {@code skipACL} (+sysprop), {@code yes}/{@code no}
 * @param digestAuthEnabled {@code DigestAuthenticationProvider.enabled} (+sysprop)
 * @param properties every key and (trimmed) value of the file, in file order, including keys
 *     Arbor ignores; for the {@code conf} command. May hold secrets (superDigest, ssl passwords)
 * @param sourceFile the file this was read from; empty for built-in or in-memory text
 */
public record ServerConfig(
        int tickTime,
        Path dataDir,
        Path dataLogDir,
        InetSocketAddress clientAddress,
        int maxClientCnxns,
        int maxCnxns,
        int minSessionTimeout,
        int maxSessionTimeout,
        boolean extendedTypesEnabled,
        Set<String> fourLetterWhitelist,
        int juteMaxBuffer,
        boolean adminEnableServer,
        String adminServerAddress,
        int adminServerPort,
        int autopurgeSnapRetainCount,
        int autopurgePurgeInterval,
        int snapCount,
        long preAllocSizeKb,
        boolean forceSync,
        int globalOutstandingLimit,
        int initLimit,
        int syncLimit,
        boolean reconfigEnabled,
        boolean standaloneEnabled,
        boolean readOnlyModeEnabled,
        Map<Long, ServerSpec> servers,
        long serverId,
        long containerCheckIntervalMs,
        int containerMaxPerMinute,
        long containerMaxNeverUsedIntervalMs,
        Map<String, String> authProviders,
        String superDigest,
        boolean skipAcl,
        boolean digestAuthEnabled,
        Map<String, String> properties,
        Optional<Path> sourceFile) {

    public static final int DEFAULT_TICK_TIME = 3000;
    public static final int DEFAULT_MAX_CLIENT_CNXNS = 60;
    public static final int DEFAULT_JUTE_MAX_BUFFER = 0xfffff;
    public static final String DEFAULT_ADMIN_SERVER_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_ADMIN_SERVER_PORT = 8080;
    public static final int MIN_SNAP_RETAIN_COUNT = 3;
    public static final int DEFAULT_SNAP_COUNT = 100_000;
    public static final long DEFAULT_PRE_ALLOC_SIZE_KB = 65_536;
    public static final int DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
    public static final long DEFAULT_CONTAINER_CHECK_INTERVAL_MS = 60_000;
    public static final int DEFAULT_CONTAINER_MAX_PER_MINUTE = 10_000;
    /** The whitelist entry that enables every four-letter word. */
    public static final String ALL_FOUR_LETTER_WORDS = "*";

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(dataLogDir, "dataLogDir");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(adminServerAddress, "adminServerAddress");
        Objects.requireNonNull(sourceFile, "sourceFile");
        if (tickTime <= 0) {
            throw new IllegalArgumentException("tickTime must be positive: " + tickTime);
        }
        if (minSessionTimeout > maxSessionTimeout) {
            throw new IllegalArgumentException("minSessionTimeout " + minSessionTimeout
                    + " is greater than maxSessionTimeout " + maxSessionTimeout);
        }
        fourLetterWhitelist = Collections.unmodifiableSet(new TreeSet<>(fourLetterWhitelist));
        SortedMap<Long, ServerSpec> sorted = new TreeMap<>(servers);
        sorted.forEach((id, spec) -> {
            if (spec.id() != id) {
                throw new IllegalArgumentException("server " + spec + " is filed under id " + id);
            }
        });
        servers = Collections.unmodifiableSortedMap(sorted);
        authProviders = Collections.unmodifiableSortedMap(new TreeMap<>(authProviders));
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Whether the four-letter word {@code cmd} may run, per {@link #fourLetterWhitelist()}. */
    public boolean fourLetterAllowed(String cmd) {
        return cmd != null
                && (fourLetterWhitelist.contains(ALL_FOUR_LETTER_WORDS) || fourLetterWhitelist.contains(cmd));
    }

    /**
     * Whether this server runs alone: true unless the {@code server.N} lines name more than one
     * participant, or name any server with {@code standaloneEnabled=false}.
     */
    public boolean standalone() {
        return isStandalone(servers, standaloneEnabled);
    }

    static boolean isStandalone(Map<Long, ServerSpec> servers, boolean standaloneEnabled) {
        long participants = servers.values().stream().filter(s -> !s.observer()).count();
        return participants <= 1 && (standaloneEnabled || servers.isEmpty());
    }

    /** Like the record's, but with the super digest and password-like properties masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ServerConfig[");
        RecordComponent[] components = ServerConfig.class.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Object value;
            try {
                value = c.getAccessor().invoke(this);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            if (c.getName().equals("superDigest") && value != null) {
                value = "****";
            } else if (c.getName().equals("properties")) {
                value = masked(properties);
            }
            sb.append(i == 0 ? "" : ", ").append(c.getName()).append('=').append(value);
        }
        return sb.append(']').toString();
    }

    /** Whether a property's value should not be shown (logs, {@code toString}, the {@code conf} command). */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("superdigest") || k.contains("secret");
    }

    private static Map<String, String> masked(Map<String, String> props) {
        Map<String, String> out = new LinkedHashMap<>();
        props.forEach((k, v) -> out.put(k, isSecretKey(k) ? "****" : v));
        return out;
    }
}
