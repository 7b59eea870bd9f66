package io.arbor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/** The {@link SessionHolderMain} JVMs of one run, seen from the bench. */
public final class SessionHolders implements AutoCloseable {
    /** What a holder reported once it was done connecting. */
    public record Ready(int connected, int failed, long millis) {
    }

    private final List<Process> processes = new ArrayList<>();
    private final List<CompletableFuture<Ready>> ready = new ArrayList<>();
    private final AtomicLongArray progress;

    private SessionHolders(int holders) {
        this.progress = new AtomicLongArray(holders);
    }

    /**
     * Starts enough holders for {@code total} sessions, at most {@code perHolder} each; they connect at once.
     */
    public static SessionHolders start(String connectString, int total, int perHolder, int sessionTimeoutMs)
            throws IOException {
        int holders = (total + perHolder - 1) / perHolder;
        SessionHolders h = new SessionHolders(holders);
        String javaCmd = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = String.join(java.io.File.pathSeparator,
                ServerClasspath.benchClasspath().stream().map(Path::toString).toList());
        try {
            for (int i = 0; i < holders; i++) {
                int count = Math.min(perHolder, total - i * perHolder);
                Process p = ChildProcesses.started(new ProcessBuilder(javaCmd, "-Xss256k", "-Xmx512m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=logback-bench.xml", "-cp", classpath,
                        SessionHolderMain.class.getName(), connectString, Integer.toString(count),
                        Integer.toString(sessionTimeoutMs))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
                h.processes.add(p);
                h.ready.add(h.watch(i, p));
            }
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
        return h;
    }

    private CompletableFuture<Ready> watch(int index, Process p) {
        CompletableFuture<Ready> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] w = line.trim().split(" ");
                    if (w[0].equals("progress")) {
                        progress.set(index, Long.parseLong(w[1]));
                    } else if (w[0].equals("ready")) {
                        progress.set(index, Long.parseLong(w[1]));
                        f.complete(new Ready(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Long.parseLong(w[3])));
                    }
                }
                f.completeExceptionally(new IOException("session holder ended before it was ready (exit "
                        + p.waitFor() + ")"));
            } catch (IOException | InterruptedException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "bench-holder-" + index);
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Sessions established so far, over every holder. */
    public long connectedSoFar() {
        long sum = 0;
        for (int i = 0; i < progress.length(); i++) {
            sum += progress.get(i);
        }
        return sum;
    }

    /** Waits until every holder is done connecting; their reports. */
    public List<Ready> awaitReady(long timeoutSeconds) throws Exception {
        List<Ready> out = new ArrayList<>();
        for (CompletableFuture<Ready> f : ready) {
            out.add(f.get(timeoutSeconds, TimeUnit.SECONDS));
        }
        return out;
    }

    /** Tells every holder to close its sessions and waits for them to exit. */
    @Override
    public void close() {
        for (Process p : processes) {
            try {
                Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
                w.write("close\n");
                w.close();
            } catch (IOException e) {
                p.destroy(); // gone already, or will be
            }
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
