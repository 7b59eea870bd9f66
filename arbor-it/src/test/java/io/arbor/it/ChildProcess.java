package io.arbor.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs another program (a client in another language) to completion with a bounded wait. */
final class ChildProcess {
    private ChildProcess() {}

    /** What a finished program left: its exit code and its stdout and stderr, interleaved. */
    record Result(int exitCode, String output) {
        /** The KEY=VALUE lines of the output, in order; a repeated key keeps its last value. */
        Map<String, String> keyValues() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    out.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return out;
        }
    }

    static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("arbor-child", ".out");
        try {
            // to a file rather than a pipe: a chatty child can never block on a full pipe
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not finish within " + timeout + "; output:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** True if the command runs and exits 0 within a few seconds: a probe for an installed tool. */
    static boolean works(List<String> command) {
        try {
            return run(command, Duration.ofSeconds(20)).exitCode() == 0;
        } catch (IOException | AssertionError e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
