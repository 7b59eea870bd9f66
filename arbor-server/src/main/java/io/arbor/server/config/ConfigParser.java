package io.arbor.server.config;

import io.arbor.server.config.ConfigLines.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a standard ZooKeeper {@code zoo.cfg} into a {@link ServerConfig}.
 *
 * <p>Syntax is that of {@code java.util.Properties} (see {@link ConfigLines}); errors name the
 * file, line and key. Keys ZooKeeper reads as system properties (e.g. {@code jute.maxbuffer},
 * {@code extendedTypesEnabled}, {@code 4lw.commands.whitelist}) are taken from zoo.cfg first
 * (with or without the {@code zookeeper.} prefix), then from the Java system property, then the
 * default. Unlike ZooKeeper, parsing never sets system properties.
 *
 * <p>An unknown key is logged once at WARN and ignored. A key ZooKeeper knows but Arbor does not
 * act on yet is logged at INFO ("accepted but not used yet"), or at WARN if ignoring it weakens
 * security (e.g. {@code secureClientPort}, {@code enforce.auth.enabled}).
 *
 * <p>To support a new key: add a component to {@link ServerConfig} and one line in
 * {@code Run.parse()} using the helpers ({@code intOr}, {@code boolOr}, ...) with
 * {@code file(key)} or {@code fileOrSystem(key, systemProperty)}.
 */
public final class ConfigParser {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigParser.class);

    /** Classpath resource (next to this class) holding the built-in configuration. */
    static final String DEFAULT_RESOURCE = "default-zoo.cfg";
    /** The {@link ConfigException#source()} of values read from Java system properties. */
    public static final String SYSTEM_PROPERTY = "system property";

    private static final String ZK_PREFIX = "zookeeper.";
    private static final String SERVER_PREFIX = "server.";
    private static final String AUTH_PROVIDER_PREFIX = "authProvider.";
    /** 20 * tickTime must fit an int (the default maxSessionTimeout). */
    private static final int MAX_TICK_TIME = Integer.MAX_VALUE / 20;
    private static final int MAX_SERVER_ID = 255;
    private static final int MAX_EXTENDED_SERVER_ID = 254;

    /**
     * Keys (without a {@code zookeeper.} prefix) that ZooKeeper 3.9 knows and Arbor accepts but
     * does not act on yet.
     */
    private static final Set<String> ACCEPTED_NOT_USED = Set.of(
            "secureClientPort", "secureClientPortAddress", "client.portUnification", "observerMasterPort",
            "clientPortListenBacklog", "connectToLearnerMasterLimit", "snapSizeLimitInKb",
            "txnLogSizeLimitInKb", "commitLogCount", "jute.maxbuffer.extrasize", "emulate353TTLNodes",
            "peerType", "dynamicConfigFile", "localSessionsEnabled", "localSessionsUpgradingEnabled",
            "electionAlg", "electionPortBindRetry", "quorumListenOnAllIPs", "syncEnabled", "leaderServes",
            "cnxTimeout", "sslQuorum", "portUnification", "sslQuorumReloadCertFiles",
            "sessionRequireClientSASLAuth", "fsync.warningthresholdms", "digest.enabled",
            "serializeLastProcessedZxid.enabled", "enforceQuota", "audit.enable", "maxResponseCacheSize",
            "maxGetChildrenResponseCacheSize", "connectionMaxTokens", "connectionTokenFillTime",
            "connectionTokenFillCount", "connectionFreezeTime", "connectionDropIncrease",
            "connectionDropDecrease", "connectionDecreaseRatio", "requestThrottleLimit",
            "requestThrottleStallTime", "requestThrottleDropStale", "throttledOpWaitTime", "largeRequestMaxBytes",
            "largeRequestThreshold", "fips-mode", "tcpKeepAlive", "clientTcpKeepAlive", "datadir.autocreate",
            "db.autocreate", "serverCnxnFactory", "X509AuthenticationProvider.superUser",
            "DigestAuthenticationProvider.digestAlg", "closeSessionTxn.enabled", "flushDelay",
            "maxWriteQueuePollTime", "maxBatchSize", "oraclePath", "watchManagerName",
            "watcherCleanThreshold", "watcherCleanIntervalInSeconds", "watcherCleanThreadsNum",
            "maxInProcessingDeadWatchers", "forward_learner_requests_to_commit_processor_disabled");

    /** Prefixes (without {@code zookeeper.}) of key families accepted but not used yet. */
    private static final List<String> ACCEPTED_NOT_USED_PREFIXES = List.of(
            "ssl.", "quorum.", "metricsProvider.", "group.", "weight.", "admin.", "multiAddress.",
            "snapshot.", "jvm.pause.", "enforce.auth.", "nio.", "netty.", "learner.", "leader.",
            "follower.", "commitProcessor.", "kerberos.", "sasl.");

    /** Accepted-not-used keys whose being ignored weakens security: logged at WARN, not INFO. */
    private static final Set<String> SECURITY_NOT_IN_EFFECT = Set.of(
            "secureClientPort", "secureClientPortAddress", "client.portUnification", "sslQuorum",
            "portUnification", "sessionRequireClientSASLAuth", "enforce.auth.enabled",
            "enforce.auth.schemes", "quorum.auth.enableSasl", "quorum.auth.learnerRequireSasl",
            "quorum.auth.serverRequireSasl", "admin.forceHttps", "admin.needClientAuth");

    private ConfigParser() {}

    /**
     * Parses a zoo.cfg file. Relative {@code dataDir}/{@code dataLogDir} are resolved against the
     * current working directory, as ZooKeeper does.
     *
     * @throws ConfigException if the file cannot be read or holds a value Arbor cannot start with
     */
    public static ServerConfig parse(Path file) throws ConfigException {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, 0, null, "file does not exist", e);
        } catch (IOException e) {
            throw new ConfigException(source, 0, null, "cannot read the file: " + e, e);
        }
        return parse(decode(bytes), source, Optional.of(file.toAbsolutePath().normalize()));
    }

    /**
     * Parses zoo.cfg text held in memory (tests, embedded servers).
     *
     * @param sourceName names the text in error messages and logs, e.g. {@code "zoo.cfg"}
     */
    public static ServerConfig parse(String text, String sourceName) throws ConfigException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        return parse(text, sourceName, Optional.empty());
    }

    /**
     * The built-in configuration, used when the server is started without a zoo.cfg: that of
     * ZooKeeper's {@code zoo_sample.cfg} (tickTime=2000, dataDir=./data, clientPort=2181,
     * initLimit=10, syncLimit=5), read from the classpath resource {@code default-zoo.cfg} by the
     * same parser, so system properties apply as usual.
     *
     * @throws IllegalStateException if a system property holds a bad value (the message says which)
     */
    public static ServerConfig defaults() {
        String text;
        try (InputStream in = ConfigParser.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Classpath resource " + DEFAULT_RESOURCE + " is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return parse(text, DEFAULT_RESOURCE, Optional.empty());
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static ServerConfig parse(String text, String source, Optional<Path> sourceFile)
            throws ConfigException {
        return new Run(source, sourceFile, ConfigLines.read(text, source)).parse();
    }

    /** UTF-8 if the bytes are valid UTF-8, else ISO-8859-1 (what {@code Properties.load} reads). */
    private static String decode(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A value and where it came from, for error messages. */
    private record Value(String key, String text, String origin, int line) {

        ConfigException error(String detail) {
            return new ConfigException(origin, line, key, detail);
        }

        String location() {
            return line > 0 ? origin + ":" + line : origin;
        }
    }

    /** One parse: the entries of one file and which keys have been consumed. */
    private static final class Run {

        private final String source;
        private final Optional<Path> sourceFile;
        /** By key; the last of duplicate keys wins, at the position of the first. */
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        /** Keys the parser looked up (present or not). */
        private final Set<String> handled = new HashSet<>();
        /** The {@code server.N} entries, by id. */
        private final Map<Long, Value> serverLines = new HashMap<>();

        Run(String source, Optional<Path> sourceFile, List<Entry> list) {
            this.source = source;
            this.sourceFile = sourceFile;
            for (Entry e : list) {
                Entry previous = entries.put(e.key(), e);
                if (previous != null) {
                    LOG.warn("Configuration key '{}' is set twice ({}:{} and line {}); the last value is used",
                            e.key(), source, previous.line(), e.line());
                }
            }
        }

        ServerConfig parse() throws ConfigException {
            int tickTime = intOr(file("tickTime"), ServerConfig.DEFAULT_TICK_TIME, 1, MAX_TICK_TIME);
            Path dataDir = directory(required("dataDir"));
            Value dataLogDirValue = file("dataLogDir");
            Path dataLogDir = dataLogDirValue == null ? dataDir : directory(dataLogDirValue);

            int maxClientCnxns = intOr(file("maxClientCnxns"), ServerConfig.DEFAULT_MAX_CLIENT_CNXNS, 0);
            int maxCnxns = intOr(fileOrSystem("maxCnxns", "zookeeper.maxCnxns"), 0, 0);

            Value minTimeoutValue = file("minSessionTimeout");
            Value maxTimeoutValue = file("maxSessionTimeout");
            int minSessionTimeout = sessionTimeout(minTimeoutValue, 2 * tickTime);
            int maxSessionTimeout = sessionTimeout(maxTimeoutValue, 20 * tickTime);
            checkSessionTimeouts(minTimeoutValue, minSessionTimeout, maxTimeoutValue, maxSessionTimeout);

            boolean readOnlyModeEnabled = boolOr(fileOrSystem("readonlymode.enabled", "readonlymode.enabled"), false);
            boolean extendedTypesEnabled =
                    boolOr(fileOrSystem("extendedTypesEnabled", "zookeeper.extendedTypesEnabled"), false);
            Set<String> fourLetterWhitelist = fourLetterWhitelist(
                    fileOrSystem("4lw.commands.whitelist", "zookeeper.4lw.commands.whitelist"), readOnlyModeEnabled);
            int juteMaxBuffer = intOr(
                    fileOrSystem("jute.maxbuffer", "jute.maxbuffer"), ServerConfig.DEFAULT_JUTE_MAX_BUFFER, 1);

            boolean adminEnableServer = boolOr(fileOrSystem("admin.enableServer", "zookeeper.admin.enableServer"), true);
            String adminServerAddress = stringOr(
                    fileOrSystem("admin.serverAddress", "zookeeper.admin.serverAddress"),
                    ServerConfig.DEFAULT_ADMIN_SERVER_ADDRESS);
            int adminServerPort = portOr(
                    fileOrSystem("admin.serverPort", "zookeeper.admin.serverPort"), ServerConfig.DEFAULT_ADMIN_SERVER_PORT);

            int autopurgeSnapRetainCount = raisedTo(
                    file("autopurge.snapRetainCount"), ServerConfig.MIN_SNAP_RETAIN_COUNT, ServerConfig.MIN_SNAP_RETAIN_COUNT);
            int autopurgePurgeInterval = intOr(file("autopurge.purgeInterval"), 0, 0);
            int snapCount = raisedTo(fileOrSystem("snapCount", "zookeeper.snapCount"), ServerConfig.DEFAULT_SNAP_COUNT, 2);
            long preAllocSizeKb = longOr(
                    fileOrSystem("preAllocSize", "zookeeper.preAllocSize"), ServerConfig.DEFAULT_PRE_ALLOC_SIZE_KB, 1);
            boolean forceSync = boolOr(fileOrSystem("forceSync", "zookeeper.forceSync"), true);
            int globalOutstandingLimit = intOr(
                    fileOrSystem("globalOutstandingLimit", "zookeeper.globalOutstandingLimit"),
                    ServerConfig.DEFAULT_GLOBAL_OUTSTANDING_LIMIT, 1);

            Value initLimitValue = file("initLimit");
            Value syncLimitValue = file("syncLimit");
            int initLimit = intOr(initLimitValue, 0, 0);
            int syncLimit = intOr(syncLimitValue, 0, 0);
            boolean reconfigEnabled = boolOr(file("reconfigEnabled"), false);
            boolean standaloneEnabled = boolOr(file("standaloneEnabled"), true);

            long containerCheckIntervalMs = longOr(
                    fileOrSystem("znode.container.checkIntervalMs", "znode.container.checkIntervalMs"),
                    ServerConfig.DEFAULT_CONTAINER_CHECK_INTERVAL_MS, 1);
            int containerMaxPerMinute = intOr(
                    fileOrSystem("znode.container.maxPerMinute", "znode.container.maxPerMinute"),
                    ServerConfig.DEFAULT_CONTAINER_MAX_PER_MINUTE, 1);
            long containerMaxNeverUsedIntervalMs = longOr(
                    fileOrSystem("znode.container.maxNeverUsedIntervalMs", "znode.container.maxNeverUsedIntervalMs"), 0, 0);

            Map<String, String> authProviders = authProviders();
            String superDigest = superDigest(fileOrSystem(
                    "DigestAuthenticationProvider.superDigest", "zookeeper.DigestAuthenticationProvider.superDigest"));
            boolean skipAcl = skipAcl(fileOrSystem("skipACL", "zookeeper.skipACL"));
            boolean digestAuthEnabled = boolOr(fileOrSystem(
                    "DigestAuthenticationProvider.enabled", "zookeeper.DigestAuthenticationProvider.enabled"), true);

            Map<Long, ServerSpec> servers = servers(extendedTypesEnabled);
            boolean standalone = ServerConfig.isStandalone(servers, standaloneEnabled);
            long serverId = serverId(dataDir, extendedTypesEnabled, standalone, servers);
            InetSocketAddress clientAddress = clientAddress(servers.get(serverId));
            if (!standalone) {
                requirePositive("initLimit", initLimitValue, initLimit, servers);
                requirePositive("syncLimit", syncLimitValue, syncLimit, servers);
            }

            reportUnhandledKeys();
            if (skipAcl) {
                LOG.warn("skipACL is enabled ({}): ACL checks are skipped for every client", source);
            }
            Map<String, String> properties = new LinkedHashMap<>();
            entries.values().forEach(e -> properties.put(e.key(), e.value()));

            return new ServerConfig(
                    tickTime,
                    dataDir,
                    dataLogDir,
                    clientAddress,
                    maxClientCnxns,
                    maxCnxns,
                    minSessionTimeout,
                    maxSessionTimeout,
                    extendedTypesEnabled,
                    fourLetterWhitelist,
                    juteMaxBuffer,
                    adminEnableServer,
                    adminServerAddress,
                    adminServerPort,
                    autopurgeSnapRetainCount,
                    autopurgePurgeInterval,
                    snapCount,
                    preAllocSizeKb,
                    forceSync,
                    globalOutstandingLimit,
                    initLimit,
                    syncLimit,
                    reconfigEnabled,
                    standaloneEnabled,
                    readOnlyModeEnabled,
                    servers,
                    serverId,
                    containerCheckIntervalMs,
                    containerMaxPerMinute,
                    containerMaxNeverUsedIntervalMs,
                    authProviders,
                    superDigest,
                    skipAcl,
                    digestAuthEnabled,
                    properties,
                    sourceFile);
        }

        // ---- lookups ------------------------------------------------------------------------

        private Value fromFile(Entry e) {
            return new Value(e.key(), e.value(), source, e.line());
        }

        /**
         * The value of the first of {@code keys} present in the file, or null. All of them count
         * as known keys. If several are present, the later ones are ignored with a warning.
         */
        private Value file(String... keys) {
            Value found = null;
            for (String key : keys) {
                handled.add(key);
                Entry e = entries.get(key);
                if (e == null) {
                    continue;
                }
                if (found == null) {
                    found = fromFile(e);
                } else if (!found.text().equals(e.value())) {
                    LOG.warn("Configuration key '{}' ({}:{}) is ignored: '{}' (line {}) takes precedence",
                            e.key(), source, e.line(), found.key(), found.line());
                }
            }
            return found;
        }

        /**
         * A setting ZooKeeper reads as a Java system property: zoo.cfg {@code key} (or
         * {@code zookeeper.key}) wins, then the system property {@code systemProperty}; null if
         * neither is set.
         */
        private Value fileOrSystem(String key, String systemProperty) {
            Value v = file(key, ZK_PREFIX + key);
            if (v != null) {
                return v;
            }
            String s = System.getProperty(systemProperty);
            return s == null ? null : new Value(systemProperty, s.trim(), SYSTEM_PROPERTY, 0);
        }

        private Value required(String key) throws ConfigException {
            Value v = file(key);
            if (v != null) {
                if (v.text().isEmpty()) {
                    throw v.error("value is empty");
                }
                return v;
            }
            String hint = entries.keySet().stream()
                    .filter(k -> k.equalsIgnoreCase(key))
                    .findFirst()
                    .map(k -> " (found '" + k + "' at line " + entries.get(k).line() + "; keys are case-sensitive)")
                    .orElse("");
            throw new ConfigException(source, 0, key, "is required" + hint);
        }

        // ---- conversions ----------------------------------------------------------------------

        private static long number(Value v) throws ConfigException {
            String t = v.text();
            if (t.isEmpty()) {
                throw v.error("value is empty");
            }
            try {
                if (t.startsWith("0x") || t.startsWith("0X")) {
                    String hex = t.substring(2);
                    if (hex.isEmpty() || hex.charAt(0) == '+' || hex.charAt(0) == '-') {
                        throw new NumberFormatException(t);
                    }
                    return Long.parseLong(hex, 16);
                }
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw v.error("'" + t + "' is not a valid number");
            }
        }

        private static long checked(Value v, long min, long max) throws ConfigException {
            long n = number(v);
            if (n < min) {
                throw v.error(min == 1 ? "must be positive, got " + n
                        : min == 0 ? "must not be negative, got " + n
                        : "must be at least " + min + ", got " + n);
            }
            if (n > max) {
                throw v.error("must be at most " + max + ", got " + n);
            }
            return n;
        }

        private static int intOr(Value v, int def, int min) throws ConfigException {
            return intOr(v, def, min, Integer.MAX_VALUE);
        }

        private static int intOr(Value v, int def, int min, int max) throws ConfigException {
            return v == null ? def : (int) checked(v, min, max);
        }

        private static long longOr(Value v, long def, long min) throws ConfigException {
            return v == null ? def : checked(v, min, Long.MAX_VALUE);
        }

        /** Like {@code intOr}, but a value below {@code floor} is raised to it with a warning. */
        private static int raisedTo(Value v, int def, int floor) throws ConfigException {
            if (v == null) {
                return def;
            }
            int n = (int) checked(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (n < floor) {
                LOG.warn("{} = {} ({}) is below the minimum {}; using {}", v.key(), n, v.location(), floor, floor);
                return floor;
            }
            return n;
        }

        /** A port in 0-65535; 0 means "any free port". */
        private static int portOr(Value v, int def) throws ConfigException {
            return v == null ? def : port(v);
        }

        private static int port(Value v) throws ConfigException {
            long n = number(v);
            if (n < 0 || n > 65535) {
                throw v.error("port " + n + " is out of range 0-65535");
            }
            return (int) n;
        }

        private static boolean boolOr(Value v, boolean def) throws ConfigException {
            if (v == null) {
                return def;
            }
            switch (v.text().toLowerCase(Locale.ROOT)) {
                case "true", "yes":
                    return true;
                case "false", "no":
                    return false;
                default:
                    throw v.error("'" + v.text() + "' is not a boolean (use true/false or yes/no)");
            }
        }

        /**
         * ZooKeeper turns ACL checks off only for exactly "yes"; any other value keeps them on. Arbor does the
         * same, so a zoo.cfg never gets weaker security here than under ZooKeeper, and says so when the value
         * is neither yes nor no.
         */
        private static boolean skipAcl(Value v) {
            if (v == null) {
                return false;
            }
            if (!v.text().equals("yes") && !v.text().equals("no")) {
                LOG.warn("skipACL={} ({}) is not 'yes': ACL checks stay on, as in ZooKeeper", v.text(), v.origin());
            }
            return v.text().equals("yes");
        }

        private static String stringOr(Value v, String def) throws ConfigException {
            if (v == null) {
                return def;
            }
            if (v.text().isEmpty()) {
                throw v.error("value is empty");
            }
            return v.text();
        }

        private static Path directory(Value v) throws ConfigException {
            if (v.text().isEmpty()) {
                throw v.error("value is empty");
            }
            try {
                // Relative to the working directory, as ZooKeeper does (not to the config file).
                return Path.of(v.text()).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw v.error("'" + v.text() + "' is not a valid path: " + e.getReason());
            }
        }

        // ---- individual settings ----------------------------------------------------------------

        /** -1 (or absent) means the default; other negative values and 0 are errors. */
        private static int sessionTimeout(Value v, int def) throws ConfigException {
            if (v == null) {
                return def;
            }
            long n = number(v);
            if (n == -1) {
                return def;
            }
            if (n < 0) {
                throw v.error("negative timeout " + n + " (use -1 for the default)");
            }
            if (n == 0) {
                throw v.error("must be positive, got 0 (use -1 for the default)");
            }
            if (n > Integer.MAX_VALUE) {
                throw v.error("must be at most " + Integer.MAX_VALUE + ", got " + n);
            }
            return (int) n;
        }

        private static void checkSessionTimeouts(Value minValue, int min, Value maxValue, int max)
                throws ConfigException {
            if (min <= max) {
                return;
            }
            // Only reachable when at least one of them is set explicitly (the defaults are 2x and 20x).
            if (minValue != null) {
                String other = maxValue == null ? " (the default, 20 * tickTime)" : " (" + maxValue.location() + ")";
                throw minValue.error(min + " is greater than maxSessionTimeout " + max + other);
            }
            throw maxValue.error(max + " is less than minSessionTimeout " + min + " (the default, 2 * tickTime)");
        }

        /** Always holds {@code srvr} (zkServer.sh needs it), and {@code isro} in read-only mode. */
        private static Set<String> fourLetterWhitelist(Value v, boolean readOnlyMode) {
            Set<String> set = new TreeSet<>();
            if (v != null) {
                for (String part : v.text().split(",")) {
                    String cmd = part.trim().toLowerCase(Locale.ROOT);
                    if (cmd.equals(ServerConfig.ALL_FOUR_LETTER_WORDS)) {
                        return Set.of(ServerConfig.ALL_FOUR_LETTER_WORDS);
                    }
                    if (cmd.isEmpty()) {
                        continue;
                    }
                    if (!cmd.matches("[a-z]{4}")) {
                        LOG.warn("'{}' in {} ({}) is not a four-letter word; the list is comma-separated",
                                cmd, v.key(), v.location());
                    }
                    set.add(cmd);
                }
            }
            set.add("srvr");
            if (readOnlyMode) {
                set.add("isro");
            }
            return set;
        }

        /** {@code authProvider.N} from the file (with or without prefix), then system properties. */
        private Map<String, String> authProviders() throws ConfigException {
            Map<String, Value> byN = new TreeMap<>();
            for (Entry e : entries.values()) {
                String n = suffix(e.key(), AUTH_PROVIDER_PREFIX);
                if (n == null) {
                    n = suffix(e.key(), ZK_PREFIX + AUTH_PROVIDER_PREFIX);
                }
                if (n == null) {
                    continue;
                }
                handled.add(e.key());
                Value v = fromFile(e);
                checkProvider(v, n);
                Value previous = byN.putIfAbsent(n, v);
                if (previous != null) {
                    LOG.warn("Configuration key '{}' ({}:{}) is ignored: '{}' (line {}) takes precedence",
                            v.key(), source, v.line(), previous.key(), previous.line());
                }
            }
            for (String name : new TreeSet<>(System.getProperties().stringPropertyNames())) {
                String n = suffix(name, ZK_PREFIX + AUTH_PROVIDER_PREFIX);
                if (n == null || byN.containsKey(n)) {
                    continue;
                }
                Value v = new Value(name, System.getProperty(name, "").trim(), SYSTEM_PROPERTY, 0);
                checkProvider(v, n);
                byN.put(n, v);
            }
            Map<String, String> out = new TreeMap<>();
            byN.values().forEach(v -> out.put(v.key(), v.text()));
            return out;
        }

        private static void checkProvider(Value v, String n) throws ConfigException {
            if (n.isEmpty()) {
                throw v.error("expected authProvider.<name>=<class name>");
            }
            if (v.text().isEmpty()) {
                throw v.error("the class name is empty");
            }
        }

        private static String suffix(String key, String prefix) {
            return key.startsWith(prefix) ? key.substring(prefix.length()) : null;
        }

        /** Empty means none; otherwise {@code user:digest}. Never echoes the value. */
        private static String superDigest(Value v) throws ConfigException {
            if (v == null || v.text().isEmpty()) {
                return null;
            }
            String t = v.text();
            int colon = t.indexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw v.error("expected <user>:<base64 SHA-1 digest>, e.g. super:<digest>"
                        + " as printed by DigestAuthenticationProvider");
            }
            return t;
        }

        private Map<Long, ServerSpec> servers(boolean extendedTypes) throws ConfigException {
            Map<Long, ServerSpec> out = new TreeMap<>();
            for (Entry e : entries.values()) {
                String idText = suffix(e.key(), SERVER_PREFIX);
                if (idText == null) {
                    continue;
                }
                handled.add(e.key());
                Value v = fromFile(e);
                long id;
                try {
                    id = Long.parseLong(idText);
                } catch (NumberFormatException ex) {
                    throw v.error("'" + idText + "' is not a server id (expected server.N with N a number)");
                }
                checkServerId(v, id, extendedTypes);
                ServerSpec spec;
                try {
                    spec = ServerSpec.parse(id, v.text());
                } catch (IllegalArgumentException ex) {
                    throw v.error(ex.getMessage());
                }
                Value previous = serverLines.put(id, v);
                if (previous != null) {
                    throw v.error("duplicate server id " + id + " (also " + previous.key() + " at line "
                            + previous.line() + ")");
                }
                out.put(id, spec);
            }
            return out;
        }

        private static void checkServerId(Value v, long id, boolean extendedTypes) throws ConfigException {
            long max = extendedTypes ? MAX_EXTENDED_SERVER_ID : MAX_SERVER_ID;
            if (id < 1 || id > max) {
                throw v.error("server id " + id + " is out of range 1-" + max
                        + (extendedTypes ? " (extendedTypesEnabled allows at most " + MAX_EXTENDED_SERVER_ID + ")" : ""));
            }
        }

        /** From {@code dataDir/myid}; 1 if absent, which only a standalone server may be. */
        private long serverId(Path dataDir, boolean extendedTypes, boolean standalone, Map<Long, ServerSpec> servers)
                throws ConfigException {
            Path myid = dataDir.resolve("myid");
            String where = myid.toString();
            if (!Files.exists(myid)) {
                if (standalone) {
                    return 1;
                }
                throw new ConfigException(where, 0, "myid", "file is missing; each member of the ensemble "
                        + servers.keySet() + " needs one holding its server id");
            }
            String content;
            try {
                content = Files.readString(myid, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new ConfigException(where, 0, "myid", "cannot read the file: " + e, e);
            }
            String first = content.lines().findFirst().orElse("").trim();
            Value v = new Value("myid", first, where, 1);
            if (first.isEmpty()) {
                throw v.error("the file is empty; expected the server id");
            }
            long id;
            try {
                id = Long.parseLong(first);
            } catch (NumberFormatException e) {
                throw v.error("'" + first + "' is not a server id");
            }
            checkServerId(v, id, extendedTypes);
            if (!standalone && !servers.containsKey(id)) {
                throw v.error("server id " + id + " is not among the server.N entries " + servers.keySet()
                        + " of " + source);
            }
            return id;
        }

        /**
         * {@code clientPortAddress} and {@code clientPort}; if {@code clientPort} is absent, the
         * {@code ;[clientHost:]clientPort} part of this server's {@code server.N} line.
         */
        private InetSocketAddress clientAddress(ServerSpec me) throws ConfigException {
            Value portValue = file("clientPort");
            Value addressValue = file("clientPortAddress");
            boolean fromServerLine = portValue == null && me != null && me.clientPort() != -1;
            int port;
            if (portValue != null) {
                port = port(portValue);
                if (me != null && me.clientPort() != -1 && me.clientPort() != port) {
                    Value line = serverLines.get(me.id());
                    throw portValue.error("port " + port + " differs from client port " + me.clientPort()
                            + " given for this server (id " + me.id() + ") by " + line.key() + " at " + line.location());
                }
            } else if (fromServerLine) {
                port = me.clientPort();
            } else {
                String hint = entries.keySet().stream()
                        .filter(k -> k.equalsIgnoreCase("clientPort"))
                        .findFirst()
                        .map(k -> " (found '" + k + "'; keys are case-sensitive)")
                        .orElse("");
                throw new ConfigException(source, 0, "clientPort", "is required" + hint);
            }

            Value hostValue = addressValue;
            String host = addressValue == null ? null : stringOr(addressValue, null);
            if (host == null && fromServerLine && me.clientHost() != null) {
                host = me.clientHost();
                hostValue = serverLines.get(me.id());
            }
            if (host == null) {
                return new InetSocketAddress(port);
            }
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            try {
                return new InetSocketAddress(InetAddress.getByName(bare), port);
            } catch (UnknownHostException e) {
                throw hostValue.error("cannot resolve host '" + host + "'");
            }
        }

        private void requirePositive(String key, Value v, int value, Map<Long, ServerSpec> servers)
                throws ConfigException {
            if (value > 0) {
                return;
            }
            String detail = "must be positive for an ensemble (servers " + servers.keySet() + ")";
            if (v == null) {
                throw new ConfigException(source, 0, key, "is required for an ensemble (servers "
                        + servers.keySet() + ")");
            }
            throw v.error(detail + ", got " + value);
        }

        /** Logs, once each, the keys no setting consumed: accepted-not-used ones and unknown ones. */
        private void reportUnhandledKeys() {
            Map<String, String> knownByLowerCase = new HashMap<>();
            handled.forEach(k -> knownByLowerCase.put(k.toLowerCase(Locale.ROOT), k));
            for (Entry e : entries.values()) {
                String key = e.key();
                if (handled.contains(key)) {
                    continue;
                }
                String bare = key.startsWith(ZK_PREFIX) ? key.substring(ZK_PREFIX.length()) : key;
                if (isAcceptedNotUsed(bare)) {
                    if (SECURITY_NOT_IN_EFFECT.contains(bare)) {
                        LOG.warn("Configuration key '{}' ({}:{}) is not supported yet and has NO effect",
                                key, source, e.line());
                    } else {
                        LOG.info("Configuration key '{}' ({}:{}) is accepted but not used yet", key, source, e.line());
                    }
                    continue;
                }
                String suggestion = knownByLowerCase.get(key.toLowerCase(Locale.ROOT));
                if (suggestion != null) {
                    LOG.warn("Ignoring unknown configuration key '{}' ({}:{}); did you mean '{}'?",
                            key, source, e.line(), suggestion);
                } else {
                    LOG.warn("Ignoring unknown configuration key '{}' ({}:{})", key, source, e.line());
                }
            }
        }

        private static boolean isAcceptedNotUsed(String bareKey) {
            if (ACCEPTED_NOT_USED.contains(bareKey)) {
                return true;
            }
            for (String prefix : ACCEPTED_NOT_USED_PREFIXES) {
                if (bareKey.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
