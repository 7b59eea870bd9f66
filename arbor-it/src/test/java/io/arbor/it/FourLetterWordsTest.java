package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four-letter words, sent as the first bytes of a raw connection to the client port, answered in
 * ZooKeeper 3.9's text formats. Each test gets a fresh server, so global counts are exact.
 */
class FourLetterWordsTest {
    /** Long sessions, so an idle stock client does not ping (and change its counters) mid-test. */
    private static final String LONG_SESSIONS = "maxSessionTimeout=60000\n";
    private static final int SESSION_TIMEOUT = 30_000;
    private static final List<String> ALL_WORDS = List.of("ruok", "srvr", "stat", "conf", "cons", "crst", "envi",
            "mntr", "srst", "wchs", "wchc", "wchp", "dump", "isro", "dirs", "gtmk", "hash");

    private ArborTestServer server;
    private final List<ZooKeeper> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = ArborTestServer.start(LONG_SESSIONS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ZooKeeper client() {
        return client(server);
    }

    private ZooKeeper client(ArborTestServer on) {
        ZooKeeper zk = on.client(on.connectString(), SESSION_TIMEOUT, e -> { });
        clients.add(zk);
        return zk;
    }

    // ---- the simple words ----

    @Test
    void ruokAnswersImokWithoutNewline() {
        assertThat(send("ruok")).isEqualTo("imok");
        // nc and telnet send the word with a line end; the extra byte must not matter
        assertThat(FourLetterWord.send(server.port(), "ruok\n")).isEqualTo("imok");
    }

    @Test
    void isroAnswersRwOnAWritableServer() {
        assertThat(send("isro")).isEqualTo("rw");
    }

    @Test
    void gtmkAnswersZooKeepersDefaultTraceMask() {
        assertThat(send("gtmk")).isEqualTo("306");
    }

    @Test
    void stmkTakesItsEightByteMaskWithTheWordAndAnswersOnlyItsRefusal() {
        // "stmk" then the mask as an 8-byte big-endian long, as ZooKeeper's tools send it
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(io.arbor.server.network.ClientConnection.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            String answer = FourLetterWord.send(server.port(), "stmk\0\0\0\0\0\0\1\62");
            assertThat(answer).isEqualTo("stmk is not supported by Arbor: it keeps no trace mask.\n");
            // the mask is not mistaken for the start of a client frame
            assertThat(seen.list).noneMatch(e -> e.getFormattedMessage().contains("malformed"));
        } finally {
            log.detachAppender(seen);
        }
    }

    // ---- srvr, stat, srst ----

    @Test
    void srvrReportsModeNodeCountAndZxid() throws Exception {
        ZooKeeper zk = client();
        zk.create("/srvr", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat last = null;
        for (int i = 0; i < 5; i++) {
            String p = zk.create("/srvr/n" + i, new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            last = zk.exists(p, false);
        }
        String text = send("srvr");
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).matches("Zookeeper version: \\d+\\.\\d+\\.\\d+-.*, built on .*");
        Map<String, String> fields = colonFields(text);
        assertThat(fields).containsKeys("Latency min/avg/max", "Received", "Sent", "Connections", "Outstanding",
                "Zxid", "Mode", "Node count");
        assertThat(fields.get("Mode")).isEqualTo("standalone");
        assertThat(Integer.parseInt(fields.get("Node count"))).isEqualTo(countNodes(zk, "/"));
        assertThat(fields.get("Zxid")).isEqualTo("0x" + Long.toHexString(last.getCzxid()));
        assertThat(fields.get("Latency min/avg/max")).matches("\\d+/\\d+\\.\\d+/\\d+");
        assertThat(Long.parseLong(fields.get("Received"))).isGreaterThanOrEqualTo(11);
        assertThat(fields.get("Outstanding")).isEqualTo("0");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(colonFields(send("srvr")).get("Connections")).isEqualTo("2"));
    }

    @Test
    void zooKeepersOwnFourLetterWordClientReadsModeFromSrvr() throws Exception {
        // zkServer.sh status runs this class and greps the Mode line
        String text = FourLetterWordMain.send4LetterWord("127.0.0.1", server.port(), "srvr");
        assertThat(text).contains("Mode: standalone");
        // it reads line by line and ends each with a newline
        assertThat(FourLetterWordMain.send4LetterWord("127.0.0.1", server.port(), "ruok")).isEqualTo("imok\n");
    }

    @Test
    void statListsEveryConnectionBrieflyThenTheCounters() throws Exception {
        client().exists("/", false);
        client().exists("/", false);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String text = send("stat");
            List<String> lines = text.lines().toList();
            assertThat(lines.get(0)).startsWith("Zookeeper version: ");
            assertThat(lines.get(1)).isEqualTo("Clients:");
            int blank = lines.indexOf("");
            List<String> clientLines = lines.subList(2, blank);
            // the two clients and this connection
            assertThat(clientLines).hasSize(3).allMatch(
                    l -> l.matches(" /127\\.0\\.0\\.1:\\d+\\[1]\\(queued=\\d+,recved=\\d+,sent=\\d+\\)"));
            Map<String, String> fields = colonFields(String.join("\n", lines.subList(blank + 1, lines.size())));
            assertThat(fields.get("Connections")).isEqualTo("3");
            assertThat(fields.get("Mode")).isEqualTo("standalone");
            assertThat(fields).containsKey("Node count");
        });
    }

    @Test
    void srstResetsTheServerCounters() throws Exception {
        ZooKeeper zk = client();
        for (int i = 0; i < 20; i++) {
            zk.exists("/", false);
        }
        Map<String, String> before = colonFields(send("srvr"));
        assertThat(Long.parseLong(before.get("Received"))).isGreaterThanOrEqualTo(21);
        assertThat(Long.parseLong(before.get("Sent"))).isGreaterThanOrEqualTo(21);
        zk.close();
        clients.remove(zk);

        assertThat(send("srst")).isEqualTo("Server stats reset.\n");
        Map<String, String> after = colonFields(send("srvr"));
        // the srvr word itself is the one packet received since the reset; nothing was answered
        assertThat(after.get("Received")).isEqualTo("1");
        assertThat(after.get("Sent")).isEqualTo("0");
        assertThat(after.get("Latency min/avg/max")).isEqualTo("0/0.0/0");
    }

    // ---- cons, crst ----

    @Test
    void consListsAConnectedClientWithItsSessionInHex() throws Exception {
        long start = System.currentTimeMillis();
        ZooKeeper zk = client();
        zk.getData("/zookeeper", false, null);
        String sid = Long.toHexString(zk.getSessionId());
        String text = send("cons");
        assertThat(text).endsWith("\n\n");
        String line = text.lines().filter(l -> l.contains(",sid=0x" + sid + ",")).findFirst().orElseThrow();
        Matcher m = Pattern.compile(" /127\\.0\\.0\\.1:\\d+\\[1]\\(queued=(\\d+),recved=(\\d+),sent=(\\d+),sid=0x"
                + sid + ",lop=(\\w+),est=(\\d+),to=(\\d+),lcxid=0x([0-9a-f]+),lzxid=0x([0-9a-f]+),lresp=(\\d+),"
                + "llat=(\\d+),minlat=(\\d+),avglat=(\\d+),maxlat=(\\d+)\\)").matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(Long.parseLong(m.group(2))).isGreaterThanOrEqualTo(2); // handshake and getData
        assertThat(m.group(4)).isEqualTo("GETD");
        assertThat(Long.parseLong(m.group(5))).isBetween(start - 1000, System.currentTimeMillis());
        assertThat(Integer.parseInt(m.group(6))).isEqualTo(zk.getSessionTimeout());
        assertThat(Integer.parseInt(m.group(7), 16)).as("lcxid: the getData's xid, the client's first").isEqualTo(1);
        assertThat(Long.parseLong(m.group(10))).as("minlat <= avglat <= maxlat")
                .isLessThanOrEqualTo(Long.parseLong(m.group(11)));
        assertThat(Long.parseLong(m.group(11))).isLessThanOrEqualTo(Long.parseLong(m.group(12)));
        // the word's own connection has no session: brief form
        assertThat(text.lines().filter(l -> !l.isEmpty() && !l.contains(",sid=")))
                .anyMatch(l -> l.matches(" /127\\.0\\.0\\.1:\\d+\\[1]\\(queued=0,recved=\\d+,sent=0\\)"));
    }

    @Test
    void crstResetsEveryConnectionsCounters() throws Exception {
        ZooKeeper zk = client();
        for (int i = 0; i < 50; i++) {
            zk.exists("/", false);
        }
        String sid = Long.toHexString(zk.getSessionId());
        long before = recvedOf(send("cons"), sid);
        assertThat(before).isGreaterThanOrEqualTo(51);

        assertThat(send("crst")).isEqualTo("Connection stats reset.\n");
        long after = recvedOf(send("cons"), sid);
        // nothing was sent since, unless a ping slipped in
        assertThat(after).isLessThan(before).isLessThanOrEqualTo(1);
    }

    private static long recvedOf(String cons, String sid) {
        Matcher m = Pattern.compile("recved=(\\d+),sent=\\d+,sid=0x" + sid + ",").matcher(cons);
        assertThat(m.find()).as(cons).isTrue();
        return Long.parseLong(m.group(1));
    }

    // ---- conf, envi, dirs ----

    @Test
    void confPrintsTheEffectiveSettingsAndNoSecrets() {
        String digest = "super:D/InIHSb7yEEbrWz8b9l71RjZJU=";
        try (ArborTestServer secret = ArborTestServer.start("DigestAuthenticationProvider.superDigest=" + digest
                + "\nssl.keyStore.password=hunter2-keystore\nminSessionTimeout=1000\nmaxSessionTimeout=9000\n")) {
            String text = FourLetterWord.send(secret.port(), "conf");
            Map<String, String> conf = equalsFields(text);
            assertThat(new ArrayList<>(conf.keySet()).subList(0, 12)).containsExactly("clientPort",
                    "secureClientPort", "dataDir", "dataDirSize", "dataLogDir", "dataLogSize", "tickTime",
                    "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout", "clientPortListenBacklog", "serverId");
            Path dataDir = secret.server().config().dataDir();
            assertThat(conf.get("dataDir")).isEqualTo(dataDir.toAbsolutePath().toString());
            assertThat(conf.get("dataLogDir")).isEqualTo(dataDir.toAbsolutePath().toString());
            assertThat(conf.get("tickTime")).isEqualTo("200");
            assertThat(conf.get("maxClientCnxns")).isEqualTo("0");
            assertThat(conf.get("minSessionTimeout")).isEqualTo("1000");
            assertThat(conf.get("maxSessionTimeout")).isEqualTo("9000");
            assertThat(conf.get("secureClientPort")).isEqualTo("-1");
            assertThat(conf.get("serverId")).isEqualTo("0");
            assertThat(Long.parseLong(conf.get("dataDirSize"))).isNotNegative();
            // other zoo.cfg keys follow, as written
            assertThat(conf).containsEntry("4lw.commands.whitelist", "*");
            assertThat(text).doesNotContainIgnoringCase("superDigest").doesNotContain("D/InIHSb7y")
                    .doesNotContainIgnoringCase("password").doesNotContain("hunter2");
        }
    }

    @Test
    void enviStartsWithAVersionKazooCanParse() {
        String text = send("envi");
        assertThat(text.lines().findFirst()).hasValue("Environment:");
        Map<String, String> env = equalsFields(text);
        // kazoo's server_version(): the part before the first '-', split on dots, as integers
        String version = env.get("zookeeper.version");
        String[] digits = version.split("-", 2)[0].split("\\.");
        assertThat(digits).hasSize(3);
        assertThat(Integer.parseInt(digits[0])).isEqualTo(3);
        assertThat(Integer.parseInt(digits[1])).isEqualTo(9);
        Integer.parseInt(digits[2]);
        assertThat(env).containsKeys("host.name", "java.version", "java.vendor", "java.home", "java.class.path",
                "java.library.path", "java.io.tmpdir", "java.compiler", "os.name", "os.arch", "os.version",
                "user.name", "user.home", "user.dir", "os.memory.free", "os.memory.max", "os.memory.total");
        // the server runs in this JVM
        assertThat(env.get("java.version")).isEqualTo(System.getProperty("java.version"));
        assertThat(env.get("user.dir")).isEqualTo(System.getProperty("user.dir"));
        assertThat(env.get("os.memory.max")).matches("\\d+MB");
    }

    @Test
    void dirsReportsTheBytesUnderDataDirAndDataLogDir(@TempDir Path logDir) throws Exception {
        Files.write(logDir.resolve("log.1"), new byte[777]);
        Files.createDirectories(logDir.resolve("sub"));
        Files.write(logDir.resolve("sub").resolve("log.2"), new byte[23]);
        try (ArborTestServer withLogDir = ArborTestServer.start("dataLogDir=" + logDir + "\n")) {
            Path dataDir = withLogDir.server().config().dataDir();
            Files.write(dataDir.resolve("snapshot.probe"), new byte[1234]);
            long dataBefore = bytesUnder(dataDir);
            long logBefore = bytesUnder(logDir);
            String text = FourLetterWord.send(withLogDir.port(), "dirs");
            long dataAfter = bytesUnder(dataDir);
            long logAfter = bytesUnder(logDir);
            Matcher m = Pattern.compile("datadir_size: (\\d+)\nlogdir_size: (\\d+)\n").matcher(text);
            assertThat(m.matches()).as(text).isTrue();
            assertThat(Long.parseLong(m.group(1))).isBetween(dataBefore, dataAfter).isGreaterThanOrEqualTo(1234);
            assertThat(Long.parseLong(m.group(2))).isBetween(logBefore, logAfter).isGreaterThanOrEqualTo(800);
        }
    }

    private static long bytesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    // ---- mntr ----

    @Test
    void mntrReportsTabSeparatedKeysThatMatchTheTree() throws Exception {
        ZooKeeper zk = client();
        ZooKeeper other = client();
        Map<String, String> before = mntr();
        zk.create("/m", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/m/data", new byte[100], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/m/e1", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        other.create("/m/e2", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.exists("/m/data", true);
        other.getChildren("/m", true);

        Map<String, String> m = mntr();
        assertThat(m).containsKeys("zk_version", "zk_server_state", "zk_avg_latency", "zk_max_latency",
                "zk_min_latency", "zk_packets_received", "zk_packets_sent", "zk_num_alive_connections",
                "zk_outstanding_requests", "zk_uptime", "zk_znode_count", "zk_watch_count", "zk_ephemerals_count",
                "zk_approximate_data_size", "zk_global_sessions", "zk_local_sessions");
        assertThat(m.get("zk_version")).matches("\\d+\\.\\d+\\.\\d+-.*");
        assertThat(m.get("zk_server_state")).isEqualTo("standalone");
        assertThat(Integer.parseInt(m.get("zk_znode_count"))).isEqualTo(countNodes(zk, "/"));
        assertThat(m.get("zk_ephemerals_count")).isEqualTo("2");
        assertThat(m.get("zk_watch_count")).isEqualTo("2");
        assertThat(m.get("zk_global_sessions")).isEqualTo("2");
        assertThat(m.get("zk_local_sessions")).isEqualTo("0");
        assertThat(m.get("zk_outstanding_requests")).isEqualTo("0");
        // paths plus data, as ZooKeeper approximates it
        assertThat(Long.parseLong(m.get("zk_approximate_data_size"))
                - Long.parseLong(before.get("zk_approximate_data_size")))
                .isEqualTo("/m".length() + "/m/data".length() + 100 + "/m/e1".length() + "/m/e2".length());
        assertThat(Long.parseLong(m.get("zk_packets_received")))
                .isGreaterThan(Long.parseLong(before.get("zk_packets_received")));
        long min = Long.parseLong(m.get("zk_min_latency"));
        double avg = Double.parseDouble(m.get("zk_avg_latency"));
        long max = Long.parseLong(m.get("zk_max_latency"));
        assertThat(avg).isBetween((double) min, (double) max);
        assertThat(Long.parseLong(m.get("zk_uptime"))).isPositive();
        if (m.containsKey("zk_open_file_descriptor_count")) {
            assertThat(Long.parseLong(m.get("zk_open_file_descriptor_count"))).isPositive()
                    .isLessThanOrEqualTo(Long.parseLong(m.get("zk_max_file_descriptor_count")));
        }
        // the two clients and this connection
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(mntr().get("zk_num_alive_connections")).isEqualTo("3"));
    }

    private Map<String, String> mntr() {
        String text = send("mntr");
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            String[] kv = line.split("\t", -1);
            assertThat(kv).as("line '%s' is zk_key<TAB>value", line).hasSize(2);
            assertThat(kv[0]).startsWith("zk_");
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    // ---- wchs, wchc, wchp ----

    @Test
    void watchWordsCountAndListWatchesBySessionAndByPath() throws Exception {
        ZooKeeper a = client();
        ZooKeeper b = client();
        a.create("/w", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        a.create("/w/x", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        a.exists("/w/x", true);
        a.getData("/w", true, null);
        b.getData("/w/x", true, null);
        b.exists("/w/none", true);
        String sa = "0x" + Long.toHexString(a.getSessionId());
        String sb = "0x" + Long.toHexString(b.getSessionId());

        assertThat(send("wchs")).isEqualTo("2 connections watching 3 paths\nTotal watches:4\n");
        String wchc = send("wchc");
        assertThat(wchc).endsWith("\n\n");
        assertThat(grouped(wchc)).isEqualTo(Map.of(sa, List.of("/w", "/w/x"), sb, List.of("/w/none", "/w/x")));
        String wchp = send("wchp");
        assertThat(wchp).endsWith("\n\n");
        assertThat(grouped(wchp)).isEqualTo(
                Map.of("/w", List.of(sa), "/w/x", List.of(sa, sb).stream().sorted().toList(), "/w/none", List.of(sb)));

        // a one-shot watch is gone once it fired
        a.setData("/w", new byte[] {1}, -1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(send("wchs")).isEqualTo("2 connections watching 2 paths\nTotal watches:3\n"));
    }

    @Test
    void watchWordsIncludePersistentWatches() throws Exception {
        ZooKeeper zk = client();
        zk.addWatch("/", e -> { }, AddWatchMode.PERSISTENT_RECURSIVE);
        String sid = "0x" + Long.toHexString(zk.getSessionId());
        assertThat(send("wchs")).isEqualTo("1 connections watching 1 paths\nTotal watches:1\n");
        assertThat(grouped(send("wchc"))).isEqualTo(Map.of(sid, List.of("/")));
    }

    /** Lines of a header then tab-indented items, as wchc and wchp print them; items sorted. */
    private static Map<String, List<String>> grouped(String text) {
        Map<String, List<String>> out = new TreeMap<>();
        String head = null;
        for (String line : text.lines().toList()) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("\t")) {
                assertThat(head).as("item before any header: " + line).isNotNull();
                out.get(head).add(line.substring(1));
            } else {
                head = line;
                out.put(head, new ArrayList<>());
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    // ---- dump ----

    @Test
    void dumpListsSessionsByExpiryAndEphemeralsBySession() throws Exception {
        ZooKeeper zk = client();
        zk.create("/d1", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.create("/d2", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        String sid = "0x" + Long.toHexString(zk.getSessionId());
        long now = System.currentTimeMillis();

        List<String> lines = send("dump").lines().toList();
        assertThat(lines.get(0)).isEqualTo("SessionTracker dump:");
        assertThat(lines.get(1)).isEqualTo("Session Sets (1)/(1):");
        Matcher bucket = Pattern.compile("1 expire at (.+):").matcher(lines.get(2));
        assertThat(bucket.matches()).as(lines.get(2)).isTrue();
        long expiry = parseDate(bucket.group(1));
        assertThat(expiry).isBetween(now - 1000, now + zk.getSessionTimeout() + 1000);
        assertThat(lines.get(3)).isEqualTo("\t" + sid);
        assertThat(lines.subList(4, lines.size())).containsExactly("ephemeral nodes dump:",
                "Sessions with Ephemerals (1):", sid + ":", "\t/d1", "\t/d2", "Connections dump:");
    }

    private static long parseDate(String text) throws ParseException {
        // java.util.Date#toString; whole seconds
        return new SimpleDateFormat("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US).parse(text).getTime();
    }

    // ---- the whitelist ----

    @Test
    void wordsOutsideTheWhitelistAreRefusedWithZooKeepersText() {
        try (ArborTestServer restricted = ArborTestServer.start("4lw.commands.whitelist=ruok, mntr\n")) {
            assertThat(FourLetterWord.send(restricted.port(), "ruok")).isEqualTo("imok");
            assertThat(FourLetterWord.send(restricted.port(), "mntr")).contains("zk_server_state\tstandalone\n");
            // srvr is always allowed: zkServer.sh status needs it
            assertThat(FourLetterWord.send(restricted.port(), "srvr")).contains("Mode: standalone\n");
            for (String word : ALL_WORDS) {
                if (!Set.of("ruok", "mntr", "srvr").contains(word)) {
                    assertThat(FourLetterWord.send(restricted.port(), word))
                            .isEqualTo(word + " is not executed because it is not in the whitelist.\n");
                }
            }
        }
    }

    // ---- no side effects on sessions ----

    @Test
    void fourLetterWordsDoNotDisturbOtherSessions() throws Exception {
        RecordingWatcher events = new RecordingWatcher();
        ZooKeeper zk = server.client(server.connectString(), SESSION_TIMEOUT, events);
        clients.add(zk);
        long sessionId = zk.getSessionId();
        zk.create("/calm", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        CountDownLatch changed = new CountDownLatch(1);
        zk.getData("/calm", e -> changed.countDown(), null);

        for (String word : ALL_WORDS) {
            send(word);
        }

        assertThat(zk.getState()).isEqualTo(ZooKeeper.States.CONNECTED);
        assertThat(zk.getSessionId()).isEqualTo(sessionId);
        assertThat(zk.exists("/calm", false).getEphemeralOwner()).isEqualTo(sessionId);
        client().setData("/calm", new byte[] {1}, -1);
        assertThat(changed.await(5, TimeUnit.SECONDS)).as("watch set before the words fired").isTrue();
        assertThat(events.states()).containsOnly(Watcher.Event.KeeperState.SyncConnected);
    }

    // ---- helpers ----

    private String send(String word) {
        return FourLetterWord.send(server.port(), word);
    }

    /** {@code Key: value} lines (srvr, stat). */
    private static Map<String, String> colonFields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            int i = line.indexOf(": ");
            if (i > 0) {
                out.put(line.substring(0, i), line.substring(i + 2));
            }
        }
        return out;
    }

    /** {@code key=value} lines (conf, envi). */
    private static Map<String, String> equalsFields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            int i = line.indexOf('=');
            if (i > 0) {
                out.put(line.substring(0, i), line.substring(i + 1));
            }
        }
        return out;
    }

    /** The nodes in the subtree at {@code path}, counted through the client. */
    private static int countNodes(ZooKeeper zk, String path) throws Exception {
        int n = 1;
        for (String child : zk.getChildren(path, false)) {
            n += countNodes(zk, path.equals("/") ? "/" + child : path + "/" + child);
        }
        return n;
    }
}
