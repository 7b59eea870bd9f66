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
 * A server the bench runs in a JVM of its own: Apache ZooKeeper (ZooKeeperServerMain) or Arbor (arbor server), both
 * from the same kind of zoo.cfg, on the same JVM flags, with a data directory of their own. Ready once a new session's
 * request is answered.
 */
public final class ServerProcess implements ServerHandle {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** What every server of a run is started with. */
    public record Launch(List<String> jvmFlags, Path logbackConfig, Path logDir) {
    }

    private final ServerKind kind;
    private final Path dataDir;
    private final Path configFile;
    private final Path logFile;
    private final Launch launch;
    private Process process;
    private int port;

    private ServerProcess(ServerKind kind, Path dataDir, Path logFile, Launch launch) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.configFile = dataDir.resolveSibling(dataDir.getFileName() + ".cfg");
        this.logFile = logFile;
        this.launch = launch;
    }

    /** Starts a server on a fresh {@code dataDir} (it must not exist yet) and returns once it serves requests. */
    public static ServerProcess start(ServerKind kind, Path dataDir, String logName, Launch launch)
            throws IOException, InterruptedException, TimeoutException {
        if (Files.exists(dataDir)) {
            throw new IllegalStateException(dataDir + " exists: every run starts on a fresh data directory");
        }
        Files.createDirectories(dataDir);
        Files.createDirectories(launch.logDir());
        ServerProcess s = new ServerProcess(kind, dataDir, launch.logDir().resolve(logName + ".log"), launch);
        try {
            s.launchAndAwait("/");
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The zoo.cfg both servers get: only the data directory and the port differ between runs. */
    static String zooCfg(Path dataDir, int port) {
        return "tickTime=2000\n"
                + "dataDir=" + dataDir + "\n"
                + "clientPort=" + port + "\n"
                + "clientPortAddress=" + HOST + "\n"
                + "maxClientCnxns=0\n"
                + "admin.enableServer=false\n"
                + "forceSync=yes\n"
                + "autopurge.purgeInterval=0\n";
    }

    private double launchAndAwait(String probePath) throws IOException, InterruptedException, TimeoutException {
        port = freePort();
        Files.writeString(configFile, zooCfg(dataDir, port), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(launch.jvmFlags());
        cmd.add("-Dlogback.configurationFile=" + launch.logbackConfig());
        cmd.add("-cp");
        cmd.add(ServerClasspath.of(kind));
        cmd.addAll(kind.mainAndArgs());
        cmd.add(configFile.toString());
        Files.writeString(logFile, "# " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        long start = System.nanoTime();
        process = ChildProcesses.started(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start());
        Process p = process;
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
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    @Override
    public String label() {
        return kind.label();
    }

    public ServerKind kind() {
        return kind;
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
        return true;
    }

    @Override
    public RestartTiming restart(String probePath) throws IOException, InterruptedException, TimeoutException {
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
