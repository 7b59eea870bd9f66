package io.arbor.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class ConfigParserTest {

    /** Every system property the parser reads; cleared before each test, restored after. */
    private static final List<String> SYSTEM_PROPERTIES = List.of(
            "jute.maxbuffer", "readonlymode.enabled", "zookeeper.extendedTypesEnabled",
            "zookeeper.4lw.commands.whitelist", "zookeeper.maxCnxns", "zookeeper.admin.enableServer",
            "zookeeper.admin.serverAddress", "zookeeper.admin.serverPort", "zookeeper.snapCount",
            "zookeeper.preAllocSize", "zookeeper.forceSync", "zookeeper.globalOutstandingLimit",
            "znode.container.checkIntervalMs", "znode.container.maxPerMinute",
            "znode.container.maxNeverUsedIntervalMs", "zookeeper.DigestAuthenticationProvider.superDigest",
            "zookeeper.skipACL", "zookeeper.DigestAuthenticationProvider.enabled");

    private static final String SUPER_DIGEST = "super:D/InIHSb7yEEbrWz8b9l71RjZJU=";

    @TempDir
    Path dataDir;

    private final Map<String, String> savedProperties = new HashMap<>();
    private ListAppender<ILoggingEvent> logs;
    private Level savedLevel;

    @BeforeEach
    void setUp() {
        for (String name : SYSTEM_PROPERTIES) {
            clearProperty(name);
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("zookeeper.authProvider.")) {
                clearProperty(name);
            }
        }
        Logger logger = (Logger) LoggerFactory.getLogger(ConfigParser.class);
        savedLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        Logger logger = (Logger) LoggerFactory.getLogger(ConfigParser.class);
        logger.detachAppender(logs);
        logger.setLevel(savedLevel);
    }

    private void setProperty(String name, String value) {
        savedProperties.putIfAbsent(name, System.getProperty(name));
        System.setProperty(name, value);
    }

    private void clearProperty(String name) {
        savedProperties.putIfAbsent(name, System.getProperty(name));
        System.clearProperty(name);
    }

    private List<String> logged(Level level) {
        return logs.list.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static String cfg(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** A minimal valid config (dataDir on line 1, clientPort on line 2) plus {@code more} lines. */
    private String minimal(String... more) {
        return cfg("dataDir=" + dataDir, "clientPort=2181") + cfg(more);
    }

    private ServerConfig parse(String text) throws ConfigException {
        return ConfigParser.parse(text, "zoo.cfg");
    }

    // ---- whole configurations ------------------------------------------------------------------

    @Test
    void parsesAFullRealisticEnsembleConfig() throws Exception {
        Path logDir = dataDir.resolve("txnlog");
        Files.writeString(dataDir.resolve("myid"), "2\n");
        ServerConfig c = parse(cfg(
                "# ZooKeeper ensemble member, as deployed",
                "tickTime=2000",
                "initLimit=10",
                "syncLimit=5",
                "dataDir=" + dataDir,
                "dataLogDir=" + logDir,
                "clientPort=2182",
                "clientPortAddress=127.0.0.1",
                "maxClientCnxns=100",
                "maxCnxns=5000",
                "minSessionTimeout=3000",
                "maxSessionTimeout=90000",
                "autopurge.snapRetainCount=5",
                "autopurge.purgeInterval=24",
                "snapCount=50000",
                "preAllocSize=131072",
                "forceSync=no",
                "globalOutstandingLimit=2000",
                "4lw.commands.whitelist=ruok, mntr,stat , conf",
                "extendedTypesEnabled=true",
                "jute.maxbuffer=0x400000",
                "admin.enableServer=false",
                "admin.serverAddress=127.0.0.1",
                "admin.serverPort=9090",
                "reconfigEnabled=true",
                "standaloneEnabled=false",
                "readonlymode.enabled=true",
                "znode.container.checkIntervalMs=30000",
                "znode.container.maxPerMinute=500",
                "znode.container.maxNeverUsedIntervalMs=3600000",
                "authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
                "DigestAuthenticationProvider.superDigest=" + SUPER_DIGEST,
                "skipACL=no",
                "metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider",
                "metricsProvider.httpPort=7000",
                "server.1=10.0.0.1:2888:3888",
                "server.2=10.0.0.2:2888:3888:participant;2182",
                "server.3=10.0.0.3:2888:3888;0.0.0.0:2181",
                "server.4=10.0.0.4:2888:3888:observer"));

        assertThat(c.tickTime()).isEqualTo(2000);
        assertThat(c.initLimit()).isEqualTo(10);
        assertThat(c.syncLimit()).isEqualTo(5);
        assertThat(c.dataDir()).isEqualTo(dataDir.toAbsolutePath());
        assertThat(c.dataLogDir()).isEqualTo(logDir.toAbsolutePath());
        assertThat(c.clientAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 2182));
        assertThat(c.maxClientCnxns()).isEqualTo(100);
        assertThat(c.maxCnxns()).isEqualTo(5000);
        assertThat(c.minSessionTimeout()).isEqualTo(3000);
        assertThat(c.maxSessionTimeout()).isEqualTo(90000);
        assertThat(c.autopurgeSnapRetainCount()).isEqualTo(5);
        assertThat(c.autopurgePurgeInterval()).isEqualTo(24);
        assertThat(c.snapCount()).isEqualTo(50000);
        assertThat(c.preAllocSizeKb()).isEqualTo(131072L);
        assertThat(c.forceSync()).isFalse();
        assertThat(c.globalOutstandingLimit()).isEqualTo(2000);
        assertThat(c.fourLetterWhitelist()).containsExactlyInAnyOrder("ruok", "mntr", "stat", "conf", "srvr", "isro");
        assertThat(c.fourLetterAllowed("mntr")).isTrue();
        assertThat(c.fourLetterAllowed("dump")).isFalse();
        assertThat(c.extendedTypesEnabled()).isTrue();
        assertThat(c.juteMaxBuffer()).isEqualTo(0x400000);
        assertThat(c.adminEnableServer()).isFalse();
        assertThat(c.adminServerAddress()).isEqualTo("127.0.0.1");
        assertThat(c.adminServerPort()).isEqualTo(9090);
        assertThat(c.reconfigEnabled()).isTrue();
        assertThat(c.standaloneEnabled()).isFalse();
        assertThat(c.readOnlyModeEnabled()).isTrue();
        assertThat(c.containerCheckIntervalMs()).isEqualTo(30000L);
        assertThat(c.containerMaxPerMinute()).isEqualTo(500);
        assertThat(c.containerMaxNeverUsedIntervalMs()).isEqualTo(3_600_000L);
        assertThat(c.authProviders()).containsExactly(
                entry("authProvider.1", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider"));
        assertThat(c.superDigest()).isEqualTo(SUPER_DIGEST);
        assertThat(c.skipAcl()).isFalse();
        assertThat(c.digestAuthEnabled()).isTrue();
        assertThat(c.serverId()).isEqualTo(2L);
        assertThat(c.standalone()).isFalse();
        assertThat(c.servers().keySet()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(c.servers().get(1L)).isEqualTo(new ServerSpec(1, "10.0.0.1", 2888, 3888, false, null, -1));
        assertThat(c.servers().get(2L)).isEqualTo(new ServerSpec(2, "10.0.0.2", 2888, 3888, false, null, 2182));
        assertThat(c.servers().get(3L)).isEqualTo(new ServerSpec(3, "10.0.0.3", 2888, 3888, false, "0.0.0.0", 2181));
        assertThat(c.servers().get(4L)).isEqualTo(new ServerSpec(4, "10.0.0.4", 2888, 3888, true, null, -1));
        assertThat(c.properties())
                .containsEntry("tickTime", "2000")
                .containsEntry("metricsProvider.httpPort", "7000")
                .containsEntry("4lw.commands.whitelist", "ruok, mntr,stat , conf")
                .hasSize(38);
        assertThat(c.properties().keySet()).startsWith("tickTime", "initLimit", "syncLimit", "dataDir");
        assertThat(c.sourceFile()).isEmpty();
        assertThat(logged(Level.WARN)).noneMatch(m -> m.contains("unknown"));
        assertThat(logged(Level.INFO)).contains(
                "Configuration key 'metricsProvider.className' (zoo.cfg:34) is accepted but not used yet");
    }

    @Test
    void minimalConfigGetsZooKeeperDefaults() throws Exception {
        ServerConfig c = parse(cfg("dataDir=" + dataDir, "clientPort=0"));

        assertThat(c.tickTime()).isEqualTo(3000);
        assertThat(c.dataDir()).isEqualTo(dataDir);
        assertThat(c.dataLogDir()).isEqualTo(dataDir);
        assertThat(c.clientAddress().getPort()).isZero();
        assertThat(c.clientAddress().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(c.maxClientCnxns()).isEqualTo(60);
        assertThat(c.maxCnxns()).isZero();
        assertThat(c.minSessionTimeout()).isEqualTo(6000);
        assertThat(c.maxSessionTimeout()).isEqualTo(60000);
        assertThat(c.extendedTypesEnabled()).isFalse();
        assertThat(c.fourLetterWhitelist()).containsExactly("srvr");
        assertThat(c.juteMaxBuffer()).isEqualTo(0xfffff);
        assertThat(c.adminEnableServer()).isTrue();
        assertThat(c.adminServerAddress()).isEqualTo("0.0.0.0");
        assertThat(c.adminServerPort()).isEqualTo(8080);
        assertThat(c.autopurgeSnapRetainCount()).isEqualTo(3);
        assertThat(c.autopurgePurgeInterval()).isZero();
        assertThat(c.snapCount()).isEqualTo(100000);
        assertThat(c.preAllocSizeKb()).isEqualTo(65536L);
        assertThat(c.forceSync()).isTrue();
        assertThat(c.globalOutstandingLimit()).isEqualTo(1000);
        assertThat(c.initLimit()).isZero();
        assertThat(c.syncLimit()).isZero();
        assertThat(c.reconfigEnabled()).isFalse();
        assertThat(c.standaloneEnabled()).isTrue();
        assertThat(c.readOnlyModeEnabled()).isFalse();
        assertThat(c.servers()).isEmpty();
        assertThat(c.serverId()).isEqualTo(1L);
        assertThat(c.standalone()).isTrue();
        assertThat(c.containerCheckIntervalMs()).isEqualTo(60000L);
        assertThat(c.containerMaxPerMinute()).isEqualTo(10000);
        assertThat(c.containerMaxNeverUsedIntervalMs()).isZero();
        assertThat(c.authProviders()).isEmpty();
        assertThat(c.superDigest()).isNull();
        assertThat(c.skipAcl()).isFalse();
        assertThat(c.digestAuthEnabled()).isTrue();
        assertThat(c.properties()).containsExactly(entry("dataDir", dataDir.toString()), entry("clientPort", "0"));
        assertThat(logs.list).isEmpty();
    }

    @Test
    void sessionTimeoutDefaultsFollowTickTimeAndMinusOneMeansDefault() throws Exception {
        ServerConfig c = parse(minimal("tickTime=500", "minSessionTimeout=-1", "maxSessionTimeout=-1"));
        assertThat(c.minSessionTimeout()).isEqualTo(1000);
        assertThat(c.maxSessionTimeout()).isEqualTo(10000);
    }

    @Test
    void builtInDefaultsAreThoseOfZooSampleCfg() {
        ServerConfig c = ConfigParser.defaults();

        assertThat(c.tickTime()).isEqualTo(2000);
        assertThat(c.initLimit()).isEqualTo(10);
        assertThat(c.syncLimit()).isEqualTo(5);
        assertThat(c.clientAddress().getPort()).isEqualTo(2181);
        assertThat(c.clientAddress().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(c.dataDir()).isEqualTo(Path.of("").toAbsolutePath().resolve("data"));
        assertThat(c.minSessionTimeout()).isEqualTo(4000);
        assertThat(c.maxSessionTimeout()).isEqualTo(40000);
        assertThat(c.sourceFile()).isEmpty();
        assertThat(c.properties()).containsOnlyKeys("tickTime", "initLimit", "syncLimit", "dataDir", "clientPort");
    }

    @Test
    void builtInDefaultsStillHonourSystemProperties() {
        setProperty("jute.maxbuffer", "4096");
        assertThat(ConfigParser.defaults().juteMaxBuffer()).isEqualTo(4096);

        setProperty("jute.maxbuffer", "lots");
        assertThatThrownBy(ConfigParser::defaults)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("system property: jute.maxbuffer: 'lots' is not a valid number");
    }

    @Test
    void parsesAFileAndResolvesRelativeDirsAgainstTheWorkingDirectory(@TempDir Path confDir) throws Exception {
        Path file = confDir.resolve("zoo.cfg");
        Files.writeString(file, cfg("dataDir=relative/data", "dataLogDir=../logs", "clientPort=2181"));

        ServerConfig c = ConfigParser.parse(file);

        Path cwd = Path.of("").toAbsolutePath();
        assertThat(c.dataDir()).isEqualTo(cwd.resolve("relative/data"));
        assertThat(c.dataLogDir()).isEqualTo(cwd.getParent().resolve("logs"));
        assertThat(c.dataDir().startsWith(confDir)).isFalse();
        assertThat(c.sourceFile()).contains(file.toAbsolutePath());
    }

    @Test
    void errorsFromAFileNameTheFileAndLine(@TempDir Path confDir) throws IOException {
        Path file = confDir.resolve("zoo.cfg");
        Files.writeString(file, minimal("", "# comment", "clientPortAddress=127.0.0.1", "maxClientCnxns=many"));

        assertThatThrownBy(() -> ConfigParser.parse(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":6: maxClientCnxns: 'many' is not a valid number")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.source()).isEqualTo(file.toString());
                    assertThat(ce.line()).isEqualTo(6);
                    assertThat(ce.key()).isEqualTo("maxClientCnxns");
                });
    }

    @Test
    void missingFileIsAConfigException(@TempDir Path confDir) {
        Path file = confDir.resolve("nope.cfg");
        assertThatThrownBy(() -> ConfigParser.parse(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": file does not exist");
    }

    @Test
    void fileThatIsNotUtf8IsReadAsLatin1(@TempDir Path confDir) throws Exception {
        Path file = confDir.resolve("zoo.cfg");
        byte[] text = ("dataDir=" + dataDir + "/caf\u00e9\nclientPort=2181\n").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, text);
        assertThat(ConfigParser.parse(file).dataDir()).isEqualTo(dataDir.resolve("caf\u00e9"));
    }

    // ---- syntax ----------------------------------------------------------------------------------

    @Test
    void continuationLinesAndEscapesKeepLineNumbers() {
        String text = cfg(
                "   # indented comment",
                "! bang comment",
                "",
                "dataDir = " + dataDir + "   ",
                "clientPort:2181",
                "tickTime 1000",
                "4lw.commands.whitelist=ruok,\\",
                "    mntr,\\",
                "    conf",
                "maxClientCnxns=\\u0031\\u0032",
                "syncLimit=x");
        assertThatThrownBy(() -> parse(text)).hasMessage("zoo.cfg:11: syncLimit: 'x' is not a valid number");
    }

    @Test
    void separatorsCommentsContinuationsAndEscapes() throws Exception {
        ServerConfig c = parse(cfg(
                "   # indented comment",
                "! bang comment",
                "",
                "dataDir = " + dataDir + "   ",
                "clientPort:2181",
                "tickTime 1000",
                "4lw.commands.whitelist=ruok,\\",
                "    mntr,\\",
                "    conf",
                "maxClientCnxns=\\u0031\\u0032",
                "admin.serverAddress=\\ 127.0.0.1"));
        assertThat(c.dataDir()).isEqualTo(dataDir);
        assertThat(c.clientAddress().getPort()).isEqualTo(2181);
        assertThat(c.tickTime()).isEqualTo(1000);
        assertThat(c.fourLetterWhitelist()).containsExactlyInAnyOrder("ruok", "mntr", "conf", "srvr");
        assertThat(c.maxClientCnxns()).isEqualTo(12);
        assertThat(c.adminServerAddress()).isEqualTo("127.0.0.1");
        assertThat(c.properties()).containsEntry("4lw.commands.whitelist", "ruok,mntr,conf");
    }

    @Test
    void duplicateKeyLastValueWinsWithAWarning() throws Exception {
        ServerConfig c = parse(minimal("tickTime=1000", "tickTime=4000"));
        assertThat(c.tickTime()).isEqualTo(4000);
        assertThat(logged(Level.WARN)).containsExactly(
                "Configuration key 'tickTime' is set twice (zoo.cfg:3 and line 4); the last value is used");
    }

    // ---- errors ----------------------------------------------------------------------------------

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(List.of("tickTime=0"), "zoo.cfg:3: tickTime: must be positive, got 0"),
                Arguments.of(List.of("tickTime=-2000"), "zoo.cfg:3: tickTime: must be positive, got -2000"),
                Arguments.of(List.of("tickTime=2s"), "zoo.cfg:3: tickTime: '2s' is not a valid number"),
                Arguments.of(List.of("tickTime=200000000"), "zoo.cfg:3: tickTime: must be at most 107374182, got 200000000"),
                Arguments.of(List.of("maxClientCnxns=-1"), "zoo.cfg:3: maxClientCnxns: must not be negative, got -1"),
                Arguments.of(List.of("maxClientCnxns=99999999999"),
                        "zoo.cfg:3: maxClientCnxns: must be at most 2147483647, got 99999999999"),
                Arguments.of(List.of("maxCnxns="), "zoo.cfg:3: maxCnxns: value is empty"),
                Arguments.of(List.of("minSessionTimeout=-5"),
                        "zoo.cfg:3: minSessionTimeout: negative timeout -5 (use -1 for the default)"),
                Arguments.of(List.of("maxSessionTimeout=-100"),
                        "zoo.cfg:3: maxSessionTimeout: negative timeout -100 (use -1 for the default)"),
                Arguments.of(List.of("maxSessionTimeout=0"),
                        "zoo.cfg:3: maxSessionTimeout: must be positive, got 0 (use -1 for the default)"),
                Arguments.of(List.of("minSessionTimeout=50000", "maxSessionTimeout=40000"),
                        "zoo.cfg:3: minSessionTimeout: 50000 is greater than maxSessionTimeout 40000 (zoo.cfg:4)"),
                Arguments.of(List.of("minSessionTimeout=70000"),
                        "zoo.cfg:3: minSessionTimeout: 70000 is greater than maxSessionTimeout 60000"
                                + " (the default, 20 * tickTime)"),
                Arguments.of(List.of("tickTime=2000", "maxSessionTimeout=3000"),
                        "zoo.cfg:4: maxSessionTimeout: 3000 is less than minSessionTimeout 4000"
                                + " (the default, 2 * tickTime)"),
                Arguments.of(List.of("admin.serverPort=65536"),
                        "zoo.cfg:3: admin.serverPort: port 65536 is out of range 0-65535"),
                Arguments.of(List.of("forceSync=maybe"),
                        "zoo.cfg:3: forceSync: 'maybe' is not a boolean (use true/false or yes/no)"),
                Arguments.of(List.of("zookeeper.extendedTypesEnabled=on"),
                        "zoo.cfg:3: zookeeper.extendedTypesEnabled: 'on' is not a boolean (use true/false or yes/no)"),
                Arguments.of(List.of("standaloneEnabled=ture"),
                        "zoo.cfg:3: standaloneEnabled: 'ture' is not a boolean (use true/false or yes/no)"),
                Arguments.of(List.of("jute.maxbuffer=0"), "zoo.cfg:3: jute.maxbuffer: must be positive, got 0"),
                Arguments.of(List.of("preAllocSize=0"), "zoo.cfg:3: preAllocSize: must be positive, got 0"),
                Arguments.of(List.of("snapCount=lots"), "zoo.cfg:3: snapCount: 'lots' is not a valid number"),
                Arguments.of(List.of("autopurge.purgeInterval=-1"),
                        "zoo.cfg:3: autopurge.purgeInterval: must not be negative, got -1"),
                Arguments.of(List.of("znode.container.maxPerMinute=0"),
                        "zoo.cfg:3: znode.container.maxPerMinute: must be positive, got 0"),
                Arguments.of(List.of("initLimit=ten"), "zoo.cfg:3: initLimit: 'ten' is not a valid number"),
                Arguments.of(List.of("dataLogDir="), "zoo.cfg:3: dataLogDir: value is empty"),
                Arguments.of(List.of("admin.serverAddress="), "zoo.cfg:3: admin.serverAddress: value is empty"),
                Arguments.of(List.of("authProvider.1="), "zoo.cfg:3: authProvider.1: the class name is empty"),
                Arguments.of(List.of("DigestAuthenticationProvider.superDigest=nocolon"),
                        "zoo.cfg:3: DigestAuthenticationProvider.superDigest: expected <user>:<base64 SHA-1 digest>,"
                                + " e.g. super:<digest> as printed by DigestAuthenticationProvider"),
                Arguments.of(List.of("maxClientCnxns=\\u00zz"), "zoo.cfg:3: maxClientCnxns: malformed \\uXXXX escape"),
                Arguments.of(List.of("server.1=10.0.0.1:2888"),
                        "zoo.cfg:3: server.1: '10.0.0.1:2888' does not have the form " + ServerSpec.SYNTAX),
                Arguments.of(List.of("server.one=10.0.0.1:2888:3888"),
                        "zoo.cfg:3: server.one: 'one' is not a server id (expected server.N with N a number)"),
                Arguments.of(List.of("server.1=10.0.0.1:28x8:3888"),
                        "zoo.cfg:3: server.1: '10.0.0.1:28x8:3888': quorum port '28x8' is not a number"),
                Arguments.of(List.of("server.1=10.0.0.1:2888:70000"),
                        "zoo.cfg:3: server.1: '10.0.0.1:2888:70000': election port 70000 is out of range 1-65535"),
                Arguments.of(List.of("server.1=10.0.0.1:2888:3888:leader"),
                        "zoo.cfg:3: server.1: '10.0.0.1:2888:3888:leader': 'leader' is not a peer type"
                                + " (participant or observer)"),
                Arguments.of(List.of("server.1=10.0.0.1:2888:3888;port"),
                        "zoo.cfg:3: server.1: '10.0.0.1:2888:3888;port': client port 'port' is not a number"),
                Arguments.of(List.of("server.1=10.0.0.1:2888:3888;"),
                        "zoo.cfg:3: server.1: '10.0.0.1:2888:3888;': nothing after ';', expected [clientHost:]clientPort"),
                Arguments.of(List.of("server.0=10.0.0.1:2888:3888"),
                        "zoo.cfg:3: server.0: server id 0 is out of range 1-255"),
                Arguments.of(List.of("extendedTypesEnabled=true", "server.255=10.0.0.1:2888:3888"),
                        "zoo.cfg:4: server.255: server id 255 is out of range 1-254"
                                + " (extendedTypesEnabled allows at most 254)"),
                Arguments.of(List.of("server.1=10.0.0.1:2888:3888", "server.01=10.0.0.2:2888:3888"),
                        "zoo.cfg:4: server.01: duplicate server id 1 (also server.1 at line 3)"),
                Arguments.of(List.of("server.1=a:1:2|b:1:2"),
                        "zoo.cfg:3: server.1: 'a:1:2|b:1:2': multiple addresses separated by '|' are not supported"),
                Arguments.of(List.of("server.1=10.0.0.1:2888:3888", "server.2=10.0.0.2:2888:3888", "syncLimit=5"),
                        "zoo.cfg: initLimit: is required for an ensemble (servers [1, 2])"),
                Arguments.of(List.of("server.1=10.0.0.1:2888:3888", "server.2=10.0.0.2:2888:3888",
                                "initLimit=10", "syncLimit=0"),
                        "zoo.cfg:6: syncLimit: must be positive for an ensemble (servers [1, 2]), got 0"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueNamesKeyAndLine(List<String> lines, String expectedMessage) {
        String text = minimal(lines.toArray(String[]::new));
        // Ensembles need a myid; give one so the error under test is the one reported.
        assertThatThrownBy(() -> {
                    Files.writeString(dataDir.resolve("myid"), "1");
                    parse(text);
                })
                .isInstanceOf(ConfigException.class)
                .hasMessage(expectedMessage);
    }

    @Test
    void clientPortOutOfRange() {
        assertThatThrownBy(() -> parse(cfg("dataDir=" + dataDir, "tickTime=2000", "clientPort=70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("zoo.cfg:3: clientPort: port 70000 is out of range 0-65535");
        assertThatThrownBy(() -> parse(cfg("dataDir=" + dataDir, "clientPort=-1")))
                .hasMessage("zoo.cfg:2: clientPort: port -1 is out of range 0-65535");
    }

    @Test
    void requiredKeysAreNamed() {
        assertThatThrownBy(() -> parse(cfg("clientPort=2181")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("zoo.cfg: dataDir: is required");
        assertThatThrownBy(() -> parse(cfg("dataDir=" + dataDir)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("zoo.cfg: clientPort: is required");
        assertThatThrownBy(() -> parse(cfg("dataDir=", "clientPort=2181")))
                .hasMessage("zoo.cfg:1: dataDir: value is empty");
    }

    @Test
    void aMisspelledRequiredKeyGetsAHint() {
        assertThatThrownBy(() -> parse(cfg("clientPort=2181", "datadir=/tmp/zk")))
                .hasMessage("zoo.cfg: dataDir: is required (found 'datadir' at line 2; keys are case-sensitive)");
    }

    // ---- system properties -----------------------------------------------------------------------

    @Test
    void juteMaxBufferFromSystemPropertyUnlessTheFileSetsIt() throws Exception {
        setProperty("jute.maxbuffer", "2097152");
        assertThat(parse(minimal()).juteMaxBuffer()).isEqualTo(2097152);
        assertThat(parse(minimal("jute.maxbuffer=4096")).juteMaxBuffer()).isEqualTo(4096);
    }

    @Test
    void extendedTypesFromSystemPropertyUnlessTheFileSetsIt() throws Exception {
        assertThat(parse(minimal()).extendedTypesEnabled()).isFalse();
        setProperty("zookeeper.extendedTypesEnabled", "true");
        assertThat(parse(minimal()).extendedTypesEnabled()).isTrue();
        assertThat(parse(minimal("extendedTypesEnabled=false")).extendedTypesEnabled()).isFalse();
        assertThat(parse(minimal("zookeeper.extendedTypesEnabled=false")).extendedTypesEnabled()).isFalse();
    }

    @Test
    void unprefixedFileKeyWinsOverPrefixedOne() throws Exception {
        ServerConfig c = parse(minimal("zookeeper.snapCount=10", "snapCount=20"));
        assertThat(c.snapCount()).isEqualTo(20);
        assertThat(logged(Level.WARN)).containsExactly(
                "Configuration key 'zookeeper.snapCount' (zoo.cfg:3) is ignored: 'snapCount' (line 4) takes precedence");
    }

    @Test
    void fourLetterWhitelistFromSystemPropertyUnlessTheFileSetsIt() throws Exception {
        setProperty("zookeeper.4lw.commands.whitelist", "ruok,stat");
        ServerConfig fromProperty = parse(minimal());
        assertThat(fromProperty.fourLetterWhitelist()).containsExactlyInAnyOrder("ruok", "stat", "srvr");
        assertThat(fromProperty.fourLetterAllowed("stat")).isTrue();
        assertThat(fromProperty.fourLetterAllowed("mntr")).isFalse();

        ServerConfig all = parse(minimal("4lw.commands.whitelist=*"));
        assertThat(all.fourLetterWhitelist()).containsExactly("*");
        assertThat(all.fourLetterAllowed("mntr")).isTrue();
        assertThat(all.fourLetterAllowed("dump")).isTrue();
        assertThat(all.fourLetterAllowed(null)).isFalse();
    }

    @Test
    void readOnlyModeFromSystemPropertyAlsoWhitelistsIsro() throws Exception {
        assertThat(parse(minimal()).fourLetterAllowed("isro")).isFalse();
        setProperty("readonlymode.enabled", "true");
        ServerConfig c = parse(minimal());
        assertThat(c.readOnlyModeEnabled()).isTrue();
        assertThat(c.fourLetterWhitelist()).containsExactlyInAnyOrder("srvr", "isro");
    }

    @Test
    void containerSettingsFromSystemProperties() throws Exception {
        setProperty("znode.container.checkIntervalMs", "1000");
        setProperty("znode.container.maxPerMinute", "50");
        setProperty("znode.container.maxNeverUsedIntervalMs", "120000");
        ServerConfig c = parse(minimal("znode.container.maxPerMinute=70"));
        assertThat(c.containerCheckIntervalMs()).isEqualTo(1000L);
        assertThat(c.containerMaxPerMinute()).isEqualTo(70);
        assertThat(c.containerMaxNeverUsedIntervalMs()).isEqualTo(120000L);
    }

    @Test
    void zookeeperPrefixedSystemPropertiesFillTheirSettings() throws Exception {
        setProperty("zookeeper.skipACL", "yes");
        setProperty("zookeeper.forceSync", "no");
        setProperty("zookeeper.snapCount", "1000");
        setProperty("zookeeper.preAllocSize", "1024");
        setProperty("zookeeper.globalOutstandingLimit", "10");
        setProperty("zookeeper.maxCnxns", "7");
        setProperty("zookeeper.admin.enableServer", "false");
        setProperty("zookeeper.admin.serverAddress", "127.0.0.1");
        setProperty("zookeeper.admin.serverPort", "0");
        setProperty("zookeeper.DigestAuthenticationProvider.enabled", "false");
        setProperty("zookeeper.DigestAuthenticationProvider.superDigest", SUPER_DIGEST);
        ServerConfig c = parse(minimal());
        assertThat(c.skipAcl()).isTrue();
        assertThat(c.forceSync()).isFalse();
        assertThat(c.snapCount()).isEqualTo(1000);
        assertThat(c.preAllocSizeKb()).isEqualTo(1024L);
        assertThat(c.globalOutstandingLimit()).isEqualTo(10);
        assertThat(c.maxCnxns()).isEqualTo(7);
        assertThat(c.adminEnableServer()).isFalse();
        assertThat(c.adminServerAddress()).isEqualTo("127.0.0.1");
        assertThat(c.adminServerPort()).isZero();
        assertThat(c.digestAuthEnabled()).isFalse();
        assertThat(c.superDigest()).isEqualTo(SUPER_DIGEST);
        assertThat(logged(Level.WARN)).anyMatch(m -> m.startsWith("skipACL is enabled"));

        ServerConfig overridden = parse(minimal("skipACL=no", "zookeeper.DigestAuthenticationProvider.superDigest="));
        assertThat(overridden.skipAcl()).isFalse();
        assertThat(overridden.superDigest()).isNull();
    }

    @Test
    void aBadSystemPropertyIsNamed() {
        setProperty("zookeeper.forceSync", "sure");
        assertThatThrownBy(() -> parse(minimal()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("system property: zookeeper.forceSync: 'sure' is not a boolean (use true/false or yes/no)");
    }

    @Test
    void authProvidersFromFileAndSystemPropertiesFileWinsForTheSameName() throws Exception {
        setProperty("zookeeper.authProvider.1", "com.example.FromProperty1");
        setProperty("zookeeper.authProvider.x509", "com.example.X509");
        ServerConfig c = parse(minimal(
                "authProvider.1=com.example.FromFile1",
                "zookeeper.authProvider.sasl=com.example.Sasl"));
        assertThat(c.authProviders()).containsExactly(
                entry("authProvider.1", "com.example.FromFile1"),
                entry("zookeeper.authProvider.sasl", "com.example.Sasl"),
                entry("zookeeper.authProvider.x509", "com.example.X509"));
    }

    // ---- unknown and accepted keys -------------------------------------------------------------

    @Test
    void unknownKeyIsLoggedOnceAndIgnored() throws Exception {
        ServerConfig c = parse(minimal("foo=bar", "tickTime=2000", "foo=baz"));
        assertThat(c.tickTime()).isEqualTo(2000);
        assertThat(c.properties()).containsEntry("foo", "baz");
        List<String> unknown = logged(Level.WARN).stream().filter(m -> m.startsWith("Ignoring")).toList();
        assertThat(unknown).containsExactly("Ignoring unknown configuration key 'foo' (zoo.cfg:5)");
    }

    @Test
    void unknownKeyDifferingOnlyInCaseGetsASuggestion() throws Exception {
        ServerConfig c = parse(minimal("ticktime=1000"));
        assertThat(c.tickTime()).isEqualTo(3000);
        assertThat(logged(Level.WARN)).containsExactly(
                "Ignoring unknown configuration key 'ticktime' (zoo.cfg:3); did you mean 'tickTime'?");
    }

    @Test
    void zooKeeperKeysArborDoesNotUseYetAreAcceptedAtInfo() throws Exception {
        parse(minimal(
                "peerType=participant",
                "electionAlg=3",
                "localSessionsEnabled=true",
                "zookeeper.leaderServes=yes",
                "ssl.keyStore.location=/etc/zk/ks.jks",
                "quorum.auth.enableSasl=true",
                "secureClientPort=2281"));
        assertThat(logged(Level.INFO)).containsExactly(
                "Configuration key 'peerType' (zoo.cfg:3) is accepted but not used yet",
                "Configuration key 'electionAlg' (zoo.cfg:4) is accepted but not used yet",
                "Configuration key 'localSessionsEnabled' (zoo.cfg:5) is accepted but not used yet",
                "Configuration key 'zookeeper.leaderServes' (zoo.cfg:6) is accepted but not used yet",
                "Configuration key 'ssl.keyStore.location' (zoo.cfg:7) is accepted but not used yet");
        assertThat(logged(Level.WARN)).containsExactly(
                "Configuration key 'quorum.auth.enableSasl' (zoo.cfg:8) is not supported yet and has NO effect",
                "Configuration key 'secureClientPort' (zoo.cfg:9) is not supported yet and has NO effect");
    }

    @Test
    void countsBelowTheirMinimumAreRaisedWithAWarning() throws Exception {
        ServerConfig c = parse(minimal("autopurge.snapRetainCount=1", "snapCount=1"));
        assertThat(c.autopurgeSnapRetainCount()).isEqualTo(3);
        assertThat(c.snapCount()).isEqualTo(2);
        assertThat(logged(Level.WARN)).containsExactly(
                "autopurge.snapRetainCount = 1 (zoo.cfg:3) is below the minimum 3; using 3",
                "snapCount = 1 (zoo.cfg:4) is below the minimum 2; using 2");
    }

    // ---- ensemble, client port, myid ---------------------------------------------------------------

    @Test
    void clientPortMayComeFromThisServersLine() throws Exception {
        Files.writeString(dataDir.resolve("myid"), "2");
        ServerConfig c = parse(cfg(
                "dataDir=" + dataDir,
                "initLimit=5",
                "syncLimit=2",
                "server.1=127.0.0.1:2888:3888;2181",
                "server.2=127.0.0.1:2889:3889;127.0.0.1:2182",
                "server.3=[::1]:2890:3890:observer;[::1]:2183"));
        assertThat(c.clientAddress()).isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 2182));
        assertThat(c.servers().get(3L)).isEqualTo(new ServerSpec(3, "::1", 2890, 3890, true, "::1", 2183));
        assertThat(c.standalone()).isFalse();
    }

    @Test
    void clientPortDisagreeingWithThisServersLineIsAnError() throws Exception {
        Files.writeString(dataDir.resolve("myid"), "1");
        assertThatThrownBy(() -> parse(cfg(
                        "dataDir=" + dataDir,
                        "clientPort=2181",
                        "initLimit=5",
                        "syncLimit=2",
                        "server.1=127.0.0.1:2888:3888;2191",
                        "server.2=127.0.0.1:2889:3889;2192")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("zoo.cfg:2: clientPort: port 2181 differs from client port 2191 given for this server"
                        + " (id 1) by server.1 at zoo.cfg:5");
    }

    @Test
    void serverIdComesFromMyid() throws Exception {
        Files.writeString(dataDir.resolve("myid"), "  3 \n\n");
        ServerConfig c = parse(minimal(
                "initLimit=10", "syncLimit=5",
                "server.1=h1:2888:3888", "server.2=h2:2888:3888", "server.3=h3:2888:3888"));
        assertThat(c.serverId()).isEqualTo(3L);
    }

    @Test
    void standaloneWithoutMyidIsServerOne() throws Exception {
        ServerConfig c = parse(minimal("server.7=h7:2888:3888"));
        assertThat(c.serverId()).isEqualTo(1L);
        assertThat(c.standalone()).isTrue();
        assertThat(c.servers()).containsOnlyKeys(7L);
    }

    @Test
    void standaloneReadsMyidWhenPresent() throws Exception {
        Files.writeString(dataDir.resolve("myid"), "42");
        assertThat(parse(minimal()).serverId()).isEqualTo(42L);
    }

    @Test
    void anEnsembleMemberNeedsAMyid() {
        assertThatThrownBy(() -> parse(minimal(
                        "initLimit=10", "syncLimit=5", "server.1=h1:2888:3888", "server.2=h2:2888:3888")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dataDir.resolve("myid") + ": myid: file is missing; each member of the ensemble [1, 2]"
                        + " needs one holding its server id");
    }

    @Test
    void standaloneDisabledMakesEvenOneServerAnEnsemble() {
        assertThatThrownBy(() -> parse(minimal(
                        "initLimit=10", "syncLimit=5", "standaloneEnabled=false", "server.1=h1:2888:3888")))
                .hasMessageContaining("myid: file is missing");
    }

    @Test
    void observersDoNotMakeAnEnsemble() throws Exception {
        ServerConfig c = parse(minimal("server.1=h1:2888:3888", "server.2=h2:2888:3888:observer"));
        assertThat(c.standalone()).isTrue();
    }

    @Test
    void myidMustBeAmongTheServers() throws Exception {
        Files.writeString(dataDir.resolve("myid"), "9");
        assertThatThrownBy(() -> parse(minimal(
                        "initLimit=10", "syncLimit=5", "server.1=h1:2888:3888", "server.2=h2:2888:3888")))
                .hasMessage(dataDir.resolve("myid") + ":1: myid: server id 9 is not among the server.N entries [1, 2]"
                        + " of zoo.cfg");
    }

    @Test
    void badMyidContentIsNamed() throws Exception {
        Path myid = dataDir.resolve("myid");
        Files.writeString(myid, "two\n");
        assertThatThrownBy(() -> parse(minimal())).hasMessage(myid + ":1: myid: 'two' is not a server id");
        Files.writeString(myid, "");
        assertThatThrownBy(() -> parse(minimal()))
                .hasMessage(myid + ":1: myid: the file is empty; expected the server id");
        Files.writeString(myid, "256");
        assertThatThrownBy(() -> parse(minimal())).hasMessage(myid + ":1: myid: server id 256 is out of range 1-255");
    }

    @Test
    void extendedTypesLimitTheServerIdTo254() throws Exception {
        Path myid = dataDir.resolve("myid");
        Files.writeString(myid, "255");
        assertThat(parse(minimal()).serverId()).isEqualTo(255L);
        assertThatThrownBy(() -> parse(minimal("extendedTypesEnabled=true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(myid + ":1: myid: server id 255 is out of range 1-254 (extendedTypesEnabled allows at most 254)");
        Files.writeString(myid, "254");
        assertThat(parse(minimal("extendedTypesEnabled=true")).serverId()).isEqualTo(254L);
    }

    // ---- the value object ----------------------------------------------------------------------

    @Test
    void configIsImmutableAndComparable() throws Exception {
        String text = minimal("server.2=h2:2888:3888:observer", "server.1=h1:2888:3888", "authProvider.1=a.B");
        ServerConfig a = parse(text);
        ServerConfig b = parse(text);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.servers().keySet()).containsExactly(1L, 2L);
        assertThatThrownBy(() -> a.servers().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.fourLetterWhitelist().add("ruok")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.authProviders().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringHidesSecrets() throws Exception {
        ServerConfig c = parse(minimal(
                "DigestAuthenticationProvider.superDigest=" + SUPER_DIGEST,
                "ssl.keyStore.password=hunter2"));
        assertThat(c.toString())
                .contains("tickTime=3000", "superDigest=****", "ssl.keyStore.password=****")
                .doesNotContain(SUPER_DIGEST.substring(6), "hunter2");
        assertThat(c.superDigest()).isEqualTo(SUPER_DIGEST);
        assertThat(c.properties()).containsEntry("ssl.keyStore.password", "hunter2");
        assertThat(Set.copyOf(c.properties().keySet())).contains("DigestAuthenticationProvider.superDigest");
    }

    @Test
    void skipAclIsOffUnlessExactlyYesAsInZooKeeper() throws Exception {
        assertThat(parse(minimal("skipACL=true")).skipAcl()).isFalse();
        assertThat(parse(minimal("skipACL=1")).skipAcl()).isFalse();
        assertThat(parse(minimal("skipACL=yes")).skipAcl()).isTrue();
    }
}
