package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * An Arbor server in a JVM of its own, run from arbor-cli's packaged jar and its target/lib (which the reactor
 * builds before arbor-it's tests), so that a test can kill it with SIGKILL as a crash would. The JVM is started
 * directly, without bin/arbor's shell, so the process a test kills is the server itself.
 */
public final class ArborProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening for clients on [^:]+:(\\d+)");
    private static final Path CLI_TARGET = Path.of("..", "arbor-cli", "target").toAbsolutePath().normalize();
    /** What a JVM killed by SIGKILL exits with: 128 + 9. */
    public static final int SIGKILL_EXIT = 137;

    private final Process process;
    private final Path output;
    private int port = -1;

    private ArborProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Writes a zoo.cfg for a server on an ephemeral loopback port with {@code dataDir} plus {@code extra} lines. */
    public static Path config(Path dir, Path dataDir, String... extra) throws IOException {
        StringBuilder sb = new StringBuilder("tickTime=500\ndataDir=" + dataDir + "\nclientPort=0\n"
                + "clientPortAddress=127.0.0.1\nadmin.enableServer=false\n4lw.commands.whitelist=*\n"
                + "maxClientCnxns=0\n");
        for (String e : extra) {
            sb.append(e).append('\n');
        }
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, sb.toString());
        return cfg;
    }

    /** Starts {@code arbor server cfg}; its stdout and stderr go to {@code output}. */
    public static ArborProcess start(Path cfg, Path output) throws IOException {
        Path jar = CLI_TARGET.resolve("arbor-cli.jar");
        assertThat(jar).as("arbor-cli is packaged before arbor-it's tests run (reactor build)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", jar + ":" + CLI_TARGET.resolve("lib") + "/*", "io.arbor.cli.ArborCommand", "server",
                cfg.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        return new ArborProcess(pb.start(), output);
    }

    public List<String> lines() {
        try {
            return Files.readAllLines(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client port, once the server logs it (it has recovered by then); fails if the process exits first. */
    public int port() {
        if (port < 0) {
            port = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (String l : lines()) {
                    Matcher m = LISTENING.matcher(l);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("server exited with " + process.exitValue() + " before listening:\n"
                            + String.join("\n", lines()));
                }
                return -1;
            }, p -> p > 0);
        }
        return port;
    }

    public String connectString() {
        return "127.0.0.1:" + port();
    }

    /** SIGKILL, as a crash: no shutdown hook runs, nothing is flushed or closed. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed server exits").isTrue();
        assertThat(process.exitValue()).as("exit status of a JVM killed by SIGKILL").isEqualTo(SIGKILL_EXIT);
    }

    /** Waits for the process to end by itself and returns its exit status. */
    public int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("server exits by itself").isTrue();
        return process.exitValue();
    }

    /** SIGTERM and a clean stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill9();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
