package io.arbor.it.admin;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;

/**
 * Apache ZooKeeper 3.9.5 in a JVM of its own (from the test class path, Jetty included) with its AdminServer
 * on, the reference for the admin API's JSON. Ready once a real request succeeds (its ruok answers before
 * it serves).
 */
final class ZooKeeperWithAdmin implements AutoCloseable {
    private final Process process;
    private final Path dir;
    final int clientPort;
    final int adminPort;

    private ZooKeeperWithAdmin(Process process, Path dir, int clientPort, int adminPort) {
        this.process = process;
        this.dir = dir;
        this.clientPort = clientPort;
        this.adminPort = adminPort;
    }

    static ZooKeeperWithAdmin start() throws Exception {
        Path dir = Files.createTempDirectory("zk-admin");
        int clientPort = freePort();
        int adminPort = freePort();
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=2000\ndataDir=" + dir.resolve("data") + "\nclientPort=" + clientPort
                + "\nclientPortAddress=127.0.0.1\nadmin.enableServer=true\nadmin.serverAddress=127.0.0.1\n"
                + "admin.serverPort=" + adminPort + "\n4lw.commands.whitelist=*\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.apache.zookeeper.server.ZooKeeperServerMain",
                cfg.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("zk.out").toFile()).start();
        ZooKeeperWithAdmin zk = new ZooKeeperWithAdmin(p, dir, clientPort, adminPort);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(zk::serves);
        } catch (RuntimeException e) {
            zk.close();
            throw new IllegalStateException("ZooKeeper did not start; its output:\n"
                    + Files.readString(dir.resolve("zk.out")), e);
        }
        return zk;
    }

    private boolean serves() throws Exception {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + clientPort, 5000, e -> { });
        try {
            zk.exists("/", false);
            return true;
        } finally {
            zk.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
