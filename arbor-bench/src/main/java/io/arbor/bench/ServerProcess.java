package io.arbor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server the bench runs in a JVM of its own: Apache ZooKeeper (ZooKeeperServerMain, or QuorumPeerMain for an
 * ensemble member) or Arbor (arbor server), both from the same kind of zoo.cfg, on the same JVM flags, with a data
 * directory of their own. Ready once a new session's request is answered.
 */
public final class ServerProcess implements ServerHandle {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** What every server of a run is started with. */
    public record Launch(List<String> jvmFlags, Path logbackConfig, Path logDir) {
    }

    /**
     * What makes a server a member of an ensemble: its id (written to myid in its data directory), its client port
     * (fixed, as the server.N lines name it) and the ensemble's server.N lines, the same in every member's zoo.cfg.
     */
    public record Member(long myid, int clientPort, String serverLines) {
    }

    private final ServerKind kind;
    private final Path dataDir;
    private final Path configFile;
    private final Path logFile;
    private final Launch launch;
    /** null for a standalone server */
    private final Member member;
    private Process process;
    private int port;
    private long launchedNanos;

    private ServerProcess(ServerKind kind, Path dataDir, Path logFile, Launch launch, Member member) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.configFile = dataDir.resolveSibling(dataDir.getFileName() + ".cfg");
        this.logFile = logFile;
        this.launch = launch;
        this.member = member;
    }

    /** Starts a server on a fresh {@code dataDir} (it must not exist yet) and returns once it serves requests. */
    public static ServerProcess start(ServerKind kind, Path dataDir, String logName, Launch launch)
            throws IOException, InterruptedException, TimeoutException {
        ServerProcess s = create(kind, dataDir, logName, launch, null);
        try {
            s.launchAndAwait("/");
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * Launches a member of an ensemble on a fresh {@code dataDir} (it must not exist yet) and returns at once: a
     * member serves only once a quorum of its ensemble is up, so the caller launches them all, then waits with
     * {@link #awaitServing}.
     */
    static ServerProcess launchMember(ServerKind kind, Path dataDir, String logName, Launch launch, Member member)
            throws IOException {
        ServerProcess s = create(kind, dataDir, logName, launch, member);
        Files.writeString(dataDir.resolve("myid"), member.myid() + "\n", StandardCharsets.UTF_8);
        s.launch();
        return s;
    }

    private static ServerProcess create(ServerKind kind, Path dataDir, String logName, Launch launch, Member member)
            throws IOException {
        if (Files.exists(dataDir)) {
            throw new IllegalStateException(dataDir + " exists: every run starts on a fresh data directory");
        }
        Files.createDirectories(dataDir);
        Files.createDirectories(launch.logDir());
        return new ServerProcess(kind, dataDir, launch.logDir().resolve(logName + ".log"), launch, member);
    }

    /** The zoo.cfg both servers get: only the data directory and the port differ between runs. */
    static String zooCfg(Path dataDir, int port) {
        return commonCfg(dataDir)
                + "clientPort=" + port + "\n"
                + "clientPortAddress=" + HOST + "\n";
    }

    /**
     * The zoo.cfg of an ensemble's member, for both servers: the standalone lines, the limits every ensemble needs,
     * srvr allowed (it tells leader from follower), and the server.N lines, which carry the client address.
     */
    static String memberCfg(Path dataDir, Member member) {
        return commonCfg(dataDir)
                + "initLimit=10\n"
                + "syncLimit=5\n"
                + "4lw.commands.whitelist=*\n"
                + member.serverLines();
    }

    private static String commonCfg(Path dataDir) {
        return "tickTime=2000\n"
                + "dataDir=" + dataDir + "\n"
                + "maxClientCnxns=0\n"
                + "admin.enableServer=false\n"
                + "forceSync=yes\n"
                + "autopurge.purgeInterval=0\n";
    }

    /** One server.N line: quorum and election ports on the loopback, then the client address. */
    static String serverLine(long myid, int quorumPort, int electionPort, int clientPort) {
        return "server." + myid + "=" + HOST + ":" + quorumPort + ":" + electionPort + ";" + HOST + ":" + clientPort
                + "\n";
    }

    private double launchAndAwait(String probePath) throws IOException, InterruptedException, TimeoutException {
        launch();
        return awaitServing(probePath);
    }

    private void launch() throws IOException {
        port = member != null ? member.clientPort() : freePort();
        Files.writeString(configFile, member != null ? memberCfg(dataDir, member) : zooCfg(dataDir, port),
                StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(launch.jvmFlags());
        cmd.add("-Dlogback.configurationFile=" + launch.logbackConfig());
        cmd.add("-cp");
        cmd.add(ServerClasspath.of(kind));
        cmd.addAll(member != null ? kind.memberMainAndArgs() : kind.mainAndArgs());
        cmd.add(configFile.toString());
        Files.writeString(logFile, "# " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        launchedNanos = System.nanoTime();
        process = ChildProcesses.started(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start());
    }

    /** Waits until a new session's exists({@code probePath}) is answered; seconds since the launch. */
    double awaitServing(String probePath) throws IOException, InterruptedException, TimeoutException {
        Process p = process;
        long start = launchedNanos;
        try {
            Readiness.Ready ready = Readiness.await(HOST, port, probePath, START_TIMEOUT, p::isAlive);
            double seconds = (ready.answeredNanos() - start) / 1e9;
            Files.writeString(logFile, String.format(java.util.Locale.ROOT, "# bench: ready %.3f s after launch, %s%n",
                    seconds, ready.how()), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            return seconds;
        } catch (IllegalStateException e) {
            throw new IllegalStateException(kind.label() + " did not start: " + e.getMessage() + "; its log "
                    + logFile + " ends with:\n" + tail(logFile, 20), e);
        }
    }

    private static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /** {@code n} distinct free loopback ports: all held open at once, so that none is handed out twice. */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>(n);
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                s.setReuseAddress(true);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    @Override
    public String label() {
        return kind.label();
    }

    public ServerKind kind() {
        return kind;
    }

    /** The client port: where this server (or member) takes sessions. */
    int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public String connectString() {
        return HOST + ":" + port;
    }

    @Override
    public OptionalLong pid() {
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    @Override
    public boolean restartable() {
        return member == null;
    }

    @Override
    public RestartTiming restart(String probePath) throws IOException, InterruptedException, TimeoutException {
        if (member != null) {
            throw new UnsupportedOperationException("an ensemble's member is not restarted on its own");
        }
        long stopStart = System.nanoTime();
        stop();
        double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
        // A new port: the old one may still have connections in TIME_WAIT, which both servers handle differently.
        double startSeconds = launchAndAwait(probePath);
        return new RestartTiming(stopSeconds, startSeconds);
    }

    /** SIGTERM and wait for the JVM to exit; SIGKILL if it has not after 30 s. */
    private void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        awaitExit();
    }

    /**
     * SIGTERM without waiting, so that an ensemble's members stop together (a member left alone may wait for its
     * quorum); {@link #close} then waits.
     */
    void signalStop() {
        if (process != null) {
            process.destroy();
        }
    }

    private void awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
