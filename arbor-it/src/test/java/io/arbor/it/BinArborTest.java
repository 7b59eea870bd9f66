package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/arbor server} as an operator runs it: a zoo.cfg, JVM flags from the environment, SIGTERM. */
class BinArborTest {
    private static final Pattern LISTENING = Pattern.compile("Listening for clients on [^:]+:(\\d+)");
    private static final Path BIN = Path.of("..", "bin", "arbor").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** A running bin/arbor; its output goes to a file, read as lines on demand. */
    private record Running(Process process, Path output) {
        List<String> lines() {
            try {
                return Files.readAllLines(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return List.of();
            }
        }

        int port() {
            return Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (String l : lines()) {
                    Matcher m = LISTENING.matcher(l);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                return null;
            }, p -> p != null);
        }
    }

    private Running start(Path cfg, Map<String, String> env, String... options) throws IOException {
        Path output = dir.resolve("arbor.out");
        List<String> command = new java.util.ArrayList<>(List.of(BIN.toString(), "server"));
        command.addAll(List.of(options));
        command.add(cfg.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(env);
        return new Running(pb.start(), output);
    }

    private Path config(String... extra) throws IOException {
        Path cfg = dir.resolve("zoo.cfg");
        StringBuilder sb = new StringBuilder("tickTime=2000\ndataDir=" + dir.resolve("data") + "\n"
                + "clientPort=0\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n");
        for (String e : extra) {
            sb.append(e).append('\n');
        }
        Files.writeString(cfg, sb.toString());
        return cfg;
    }

    @Test
    void runsAZooCfgPassesJvmFlagsAndStopsCleanlyOnSigterm() throws Exception {
        // The 4lw whitelist comes only from the JVM flags, so ruok answering proves they reached the JVM.
        Running r = start(config(), Map.of("JAVA_OPTS", "-Xmx256m",
                "SERVER_JVMFLAGS", "-Dzookeeper.4lw.commands.whitelist=ruok,srvr"));
        try {
            int port = r.port();
            assertThat(FourLetterWord.send(port, "ruok")).isEqualTo("imok");
            assertThat(FourLetterWord.send(port, "srvr")).contains("Mode: standalone");
            r.process().destroy(); // SIGTERM
            assertThat(r.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(r.lines()).anyMatch(l -> l.contains("Shutting down on signal"))
                    .anyMatch(l -> l.contains("Arbor stopped"));
        } finally {
            r.process().destroyForcibly();
        }
    }

    @Test
    void logDirAddsARollingLogFileWithTheSameLines() throws Exception {
        Path logs = dir.resolve("logs");
        Running r = start(config(), Map.of(), "--log-dir", logs.toString());
        try {
            int port = r.port();
            org.apache.zookeeper.ZooKeeper zk = ConnectedClient.open(org.apache.zookeeper.ZooKeeper::new,
                    "127.0.0.1:" + port, 10_000, e -> { });
            String session = "0x" + Long.toHexString(zk.getSessionId());
            zk.close();
            Path file = logs.resolve("arbor.log");
            Poll.await().until(() -> Files.exists(file) && Files.readString(file).contains(
                    "Session " + session + " established"));
            assertThat(Files.readString(file)).contains("Listening for clients on");
        } finally {
            r.process().destroyForcibly();
        }
    }

    @Test
    void aWrongValueStopsStartUpNamingTheKeyAndLine() throws Exception {
        Running r = start(config("maxSessionTimeout=-5"), Map.of());
        assertThat(r.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(r.process().exitValue()).isEqualTo(2);
        assertThat(r.lines()).anyMatch(l -> l.contains("zoo.cfg:6: maxSessionTimeout"));
    }

    @Test
    void anEnsembleMemberWithoutAQuorumRunsButServesNoClientUntilThereIsALeader() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("myid"), "1");
        int quorum;
        int election;
        try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b = new java.net.ServerSocket(0)) {
            quorum = a.getLocalPort();
            election = b.getLocalPort();
        }
        // servers 2 and 3 are never started: server 1 alone is no majority, so it elects no one
        Running r = start(config("initLimit=10", "syncLimit=5", "server.1=127.0.0.1:" + quorum + ":" + election,
                "server.2=127.0.0.2:2888:3888", "server.3=127.0.0.3:2888:3888"), Map.of());
        try {
            int port = r.port();
            assertThat(r.lines()).anyMatch(l -> l.contains("Ensemble member 1 of 3"));
            assertThat(FourLetterWord.send(port, "srvr")).contains("Mode: looking");
            org.apache.zookeeper.ZooKeeper zk = new org.apache.zookeeper.ZooKeeper("127.0.0.1:" + port, 10_000,
                    e -> { });
            try {
                Poll.await().until(() -> r.lines().stream().anyMatch(l -> l.contains("Refusing session request")));
                assertThat(zk.getState().isConnected()).isFalse();
            } finally {
                zk.close();
            }
            assertThat(r.process().isAlive()).isTrue();
        } finally {
            r.process().destroyForcibly();
        }
    }

    @Test
    void aClientPortInUseStopsStartUpNamingTheAddress() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Path cfg = dir.resolve("busy.cfg");
            Files.writeString(cfg, "tickTime=2000\ndataDir=" + dir.resolve("data") + "\nclientPort="
                    + taken.getLocalPort() + "\nclientPortAddress=127.0.0.1\n");
            Running r = start(cfg, Map.of());
            assertThat(r.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(r.process().exitValue()).isEqualTo(1);
            assertThat(r.lines()).anyMatch(l -> l.contains("cannot listen for clients on /127.0.0.1:"
                    + taken.getLocalPort()));
        }
    }

    @Test
    void theDataDirectoryIsCreatedWhenMissing() throws Exception {
        Path nested = dir.resolve("fresh").resolve("data");
        Path cfg = dir.resolve("fresh.cfg");
        Files.writeString(cfg, "tickTime=2000\ndataDir=" + nested + "\nclientPort=0\nclientPortAddress=127.0.0.1\n");
        Running r = start(cfg, Map.of());
        try {
            r.port();
            assertThat(nested).isDirectory();
        } finally {
            r.process().destroy();
            r.process().waitFor(30, TimeUnit.SECONDS);
            r.process().destroyForcibly();
        }
    }

    @Test
    void anUnknownKeyIsLoggedAndIgnored() throws Exception {
        Running r = start(config("someFutureKey=1", "4lw.commands.whitelist=ruok"), Map.of());
        try {
            int port = r.port();
            assertThat(FourLetterWord.send(port, "ruok")).isEqualTo("imok");
            assertThat(r.lines()).anyMatch(l -> l.contains("someFutureKey"));
        } finally {
            r.process().destroy();
            r.process().waitFor(30, TimeUnit.SECONDS);
            r.process().destroyForcibly();
        }
    }
}
