package io.arbor.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the selected workloads: in a comparison, for each workload, ZooKeeper then Arbor, then again, each run on a
 * server (or with --ensemble, an ensemble of servers) started fresh (new JVMs, new data directories), one side at a
 * time; against a --target, each workload once per round.
 */
public final class BenchRunner {
    /** The order of a comparison's round: Apache ZooKeeper first, then Arbor. */
    public static final List<ServerKind> ORDER = List.of(ServerKind.ZOOKEEPER, ServerKind.ARBOR);

    private final BenchSettings settings;
    private final Progress progress;
    private final PrintStream log;

    public BenchRunner(BenchSettings settings, Progress progress, PrintStream log) {
        this.settings = settings;
        this.progress = progress;
        this.log = log;
    }

    /** The servers' labels as the report's columns. */
    public List<String> serverLabels() {
        return settings.compare() ? ORDER.stream().map(settings::label).toList() : List.of(settings.target());
    }

    public List<RunResult> run() throws IOException {
        return settings.compare() ? compare() : target();
    }

    private List<RunResult> compare() throws IOException {
        Path logDir = settings.outDir().resolve("server-logs");
        Files.createDirectories(logDir);
        Path logback = logDir.resolve("logback-servers.xml");
        Files.writeString(logback, SERVER_LOGBACK, StandardCharsets.UTF_8);
        ServerProcess.Launch launch = new ServerProcess.Launch(settings.serverJvmFlags(), logback, logDir);
        Files.createDirectories(settings.dataParent());
        warmUpClient();
        List<RunResult> results = new ArrayList<>();
        List<List<Workload>> groups = settings.oneServerPerRound() ? List.of(settings.workloads())
                : Workloads.groups(settings.workloads());
        for (List<Workload> group : groups) {
            String groupName = group.stream().map(Workload::name).collect(Collectors.joining("+"));
            for (int round = 1; round <= settings.rounds(); round++) {
                for (ServerKind kind : ORDER) {
                    String runName = kind.id() + "-" + groupName + "-r" + round;
                    Path dataDir = settings.dataParent().resolve(runName);
                    log.printf(Locale.ROOT, "== %s on %s, round %d of %d%n", groupName, settings.label(kind), round,
                            settings.rounds());
                    ServerHandle server = null;
                    try {
                        long t0 = System.nanoTime();
                        server = settings.ensemble()
                                ? Ensemble.start(kind, settings.ensembleSize(), dataDir, runName, launch)
                                : ServerProcess.start(kind, dataDir, runName, launch);
                        log.printf(Locale.ROOT, "   %s ready in %.1f s %s%n", server.label(),
                                (System.nanoTime() - t0) / 1e9, processes(server));
                        WorkloadContext ctx = new WorkloadContext(settings, server, round, progress, "/bench");
                        for (Workload w : group) {
                            results.add(runOne(w, ctx));
                        }
                    } catch (Exception e) {
                        String why = "the server did not start: " + e.getMessage();
                        log.println("   " + why);
                        for (Workload w : group) {
                            results.add(RunResult.failed(w.name(), settings.label(kind), round, why));
                        }
                    } finally {
                        if (server != null) {
                            long t0 = System.nanoTime();
                            server.close();
                            log.printf(Locale.ROOT, "   stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                            if (server instanceof Ensemble e) {
                                log.println("   members' logs: " + e.logSummary());
                            }
                        }
                        if (!settings.keepData()) {
                            deleteTree(dataDir);
                            Files.deleteIfExists(dataDir.resolveSibling(runName + ".cfg"));
                        }
                    }
                }
            }
        }
        return results;
    }

    /** "(pid 123)", or for an ensemble "(leader s2; pids 123, 124, 125)". */
    private static String processes(ServerHandle server) {
        if (server instanceof Ensemble e) {
            return "(leader s" + e.leader() + "; pids " + e.pids().stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + ")";
        }
        return "(pid " + server.pid().orElse(-1) + ")";
    }

    /** So that the first run does not meet a cold client (see {@link ClientWarmup}). */
    private void warmUpClient() {
        Duration length = settings.quick() ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        log.printf(Locale.ROOT, "== warming up the bench's client for %d s (in-process, not measured)%n",
                length.toSeconds());
        try {
            ClientWarmup.run(length, settings.sessions(), settings.inflight(), progress);
        } catch (Exception e) {
            log.println("   client warm-up failed, going on without: " + e);
        }
    }

    private List<RunResult> target() {
        ExternalServer server = new ExternalServer(settings.target());
        String prefix = "/arbor-bench-" + Long.toString(System.currentTimeMillis(), 36);
        List<RunResult> results = new ArrayList<>();
        for (List<Workload> group : Workloads.groups(settings.workloads())) {
            for (int round = 1; round <= settings.rounds(); round++) {
                WorkloadContext ctx = new WorkloadContext(settings, server, round, progress, prefix + "-r" + round);
                for (Workload w : group) {
                    log.printf(Locale.ROOT, "== %s on %s, round %d of %d%n", w.name(), server.label(), round,
                            settings.rounds());
                    if (w.needsOwnServer()) {
                        String why = "not run against --target: it needs a server the bench starts itself";
                        log.println("   " + why);
                        results.add(RunResult.skipped(w.name(), server.label(), round, why));
                        continue;
                    }
                    results.add(runOne(w, ctx));
                }
            }
        }
        return results;
    }

    private RunResult runOne(Workload w, WorkloadContext ctx) {
        String server = ctx.server().label();
        long start = System.nanoTime();
        try {
            WorkloadResult r = w.run(ctx);
            log.printf(Locale.ROOT, "   %s (%.1f s): %s%n", w.name(), (System.nanoTime() - start) / 1e9, summary(r));
            return RunResult.ok(w.name(), server, ctx.round(), r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RunResult.failed(w.name(), server, ctx.round(), "interrupted");
        } catch (Exception e) {
            log.println("   " + w.name() + " failed: " + e);
            return RunResult.failed(w.name(), server, ctx.round(), e.toString());
        }
    }

    private static String summary(WorkloadResult r) {
        return r.measurements().stream()
                .map(m -> m.name() + " " + Format.number(m.name(), m.value()))
                .collect(Collectors.joining(", "));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Both servers log the same way: warnings and errors only, to their output (a file per run). */
    static final String SERVER_LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;
}
