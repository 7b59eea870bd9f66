package io.arbor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Apache ZooKeeper 3.9 servers in JVMs of their own, started from this test JVM's class path (which holds
 * zookeeper, metrics-core and snappy): an ensemble of {@code QuorumPeerMain}s with read-only mode and local
 * sessions enabled, or a
 * standalone server, on free loopback ports, so a test can SIGKILL members and start them again. Each server's
 * output goes to {@code out.log} in its directory.
 */
public final class ZooKeeperProcesses implements AutoCloseable {
    private static final Pattern MODE = Pattern.compile("Mode: (\\S+)");

    /** One server: its id (0 for standalone), directory, config and ports, and the running process if any. */
    private static final class Server {
        final int id;
        final Path dir;
        final Path cfg;
        final int clientPort;
        Process process;

        Server(int id, Path dir, Path cfg, int clientPort) {
            this.id = id;
            this.dir = dir;
            this.cfg = cfg;
            this.clientPort = clientPort;
        }
    }

    private final Map<Integer, Server> servers = new LinkedHashMap<>();
    private final String mainClass;

    private ZooKeeperProcesses(String mainClass) {
        this.mainClass = mainClass;
    }

    /**
     * An ensemble of {@code size} servers (ids 1..size) under {@code dir}, with {@code readonlymode.enabled}, a
     * 200 ms tick, and every four-letter word allowed; started, not waited for.
     */
    public static ZooKeeperProcesses ensemble(int size, Path dir) throws IOException {
        ZooKeeperProcesses z = new ZooKeeperProcesses("org.apache.zookeeper.server.quorum.QuorumPeerMain");
        int[] ports = freePorts(size * 3);
        StringBuilder members = new StringBuilder();
        for (int id = 1; id <= size; id++) {
            members.append("server.").append(id).append("=127.0.0.1:").append(ports[size + id - 1]).append(':')
                    .append(ports[2 * size + id - 1]).append('\n');
        }
        for (int id = 1; id <= size; id++) {
            Path d = Files.createDirectories(dir.resolve("zk" + id));
            Files.createDirectories(d.resolve("data"));
            Files.writeString(d.resolve("data").resolve("myid"), Integer.toString(id));
            Path cfg = d.resolve("zoo.cfg");
            // a short tick, so that a lost quorum is noticed and an election made within seconds; local sessions,
            // because a read-only server can make no other kind (it refuses a global createSession with
            // NotReadOnly): a session is global once it creates an ephemeral
            Files.writeString(cfg, common(d, ports[id - 1]) + "initLimit=20\nsyncLimit=10\n"
                    + "localSessionsEnabled=true\nlocalSessionsUpgradingEnabled=true\n"
                    // sessions long enough to outlive the partition a test makes
                    + "maxSessionTimeout=30000\n" + members);
            z.servers.put(id, new Server(id, d, cfg, ports[id - 1]));
        }
        z.servers.keySet().forEach(z::start);
        return z;
    }

    /** One standalone server (id 0) under {@code dir}; started, not waited for. */
    public static ZooKeeperProcesses standalone(Path dir) throws IOException {
        ZooKeeperProcesses z = new ZooKeeperProcesses("org.apache.zookeeper.server.ZooKeeperServerMain");
        Path d = Files.createDirectories(dir.resolve("zk-standalone"));
        Files.createDirectories(d.resolve("data"));
        int port = freePorts(1)[0];
        Path cfg = d.resolve("zoo.cfg");
        Files.writeString(cfg, common(d, port));
        z.servers.put(0, new Server(0, d, cfg, port));
        z.start(0);
        return z;
    }

    private static String common(Path dir, int clientPort) {
        return "tickTime=200\ndataDir=" + dir.resolve("data") + "\nclientPort=" + clientPort
                + "\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n4lw.commands.whitelist=*\n"
                + "maxClientCnxns=0\n";
    }

    /** Ports free right now on loopback, all different (held open together while they are picked). */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                out[i] = s.getLocalPort();
            }
            return out;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** Starts (or starts again, with its data) server {@code id}. */
    public void start(int id) {
        Server s = servers.get(id);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // surefire names the real test class path here; java.class.path may be its one-jar manifest launcher
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path logConfig = s.dir.resolve("logback.xml");
        try {
            // the test class path's logback-test.xml keeps ZooKeeper at WARN; its own log wants INFO
            Files.writeString(logConfig, "<configuration><appender name=\"OUT\" "
                    + "class=\"ch.qos.logback.core.ConsoleAppender\"><encoder><pattern>%d{HH:mm:ss.SSS} %-5level "
                    + "[%thread] %logger{0} - %msg%n</pattern></encoder></appender><root level=\"INFO\">"
                    + "<appender-ref ref=\"OUT\"/></root></configuration>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dreadonlymode.enabled=true", "-Dzookeeper.admin.enableServer=false",
                "-Dlogback.configurationFile=" + logConfig, "-cp", classPath, mainClass, s.cfg.toString());
        try {
            s.process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(s.dir.resolve("out.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as a crash. */
    public void kill(int id) throws InterruptedException {
        Process p = servers.get(id).process;
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("zookeeper " + id + " did not die");
        }
    }

    public int clientPort(int id) {
        return servers.get(id).clientPort;
    }

    /** {@code 127.0.0.1:port} of the given servers, comma-separated. */
    public String connectString(int... ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            out.add("127.0.0.1:" + clientPort(id));
        }
        return String.join(",", out);
    }

    /** Every server's connect string. */
    public String connectString() {
        return servers.values().stream().map(s -> "127.0.0.1:" + s.clientPort).collect(Collectors.joining(","));
    }

    /**
     * What {@code srvr} says the server is: {@code leader}, {@code follower}, {@code standalone} or
     * {@code read-only}; null while it is down or not serving.
     */
    public String mode(int id) {
        String answer = fourLetterWord(id, "srvr");
        Matcher m = MODE.matcher(answer);
        return m.find() ? m.group(1) : null;
    }

    /** Sends a four-letter word; the answer, or "" when the server cannot be reached. */
    public String fourLetterWord(int id, String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", clientPort(id)), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The server's output so far, for a failing test's message. */
    public String log(int id) {
        try {
            Path log = servers.get(id).dir.resolve("out.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Server s : servers.values()) {
            if (s.process != null && s.process.isAlive()) {
                s.process.destroyForcibly();
                s.process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Duration to wait for an ensemble event on this 2-core machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);
}
