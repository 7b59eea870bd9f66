package io.arbor.bench;

import io.arbor.bench.report.HtmlReport;
import io.arbor.bench.report.MarkdownReport;
import io.arbor.bench.report.ReportData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/arbor bench}: the same load against Arbor and Apache ZooKeeper (or one --target), and a report. */
@Command(name = "arbor bench", mixinStandardHelpOptions = true, sortOptions = false, version = "Arbor bench 0.1.0",
        description = {"Measure Arbor against Apache ZooKeeper side by side in one run (--compare zookeeper), or"
                + " measure one running server (--target host:port).",
                "The report is printed and written as report.md, report.html (with charts) and results.csv."})
public final class BenchCommand implements Callable<Integer> {
    static final int DEFAULT_SESSIONS = 8;
    static final int DEFAULT_INFLIGHT = 64;
    /** The largest ensemble the bench starts: every member is a JVM with the --server-heap of its own. */
    static final int MAX_ENSEMBLE = 9;

    /** Which servers are measured: exactly one of the two. */
    static final class Servers {
        @Option(names = "--compare", paramLabel = "zookeeper|clients",
                description = "zookeeper: start Apache ZooKeeper and Arbor, one at a time, alternating, and compare"
                        + " them. clients: compare the Arbor client with the stock ZooKeeper client on one Arbor"
                        + " server (clients.md).")
        String compare;

        @Option(names = "--target", paramLabel = "host:port",
                description = "Run the workloads against a server that is already running (one column, no ratio).")
        String target;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Servers servers;

    @Option(names = "--ensemble", paramLabel = "N",
            description = "With --compare zookeeper: an ensemble of N servers (3 to " + MAX_ENSEMBLE + ") of each,"
                    + " every member in its own JVM, instead of one server; the sessions are pinned round-robin to"
                    + " the members. Runs create, set, get, mix and children unless --workloads says otherwise"
                    + " (watch and connect run too; znodes, idle and restart measure one server's process and do"
                    + " not).")
    Integer ensemble;

    @Option(names = "--quick", description = "Scaled-down counts, short windows and one round: the full set in under"
            + " two minutes.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the report files go (default: bench-results/<yyyy-MM-dd-HHmmss>/ in the repository).")
    Path out;

    @Option(names = "--sessions", paramLabel = "S", description = "Sessions of the load generator (default: 8).")
    Integer sessions;

    @Option(names = "--inflight", paramLabel = "W",
            description = "Requests each session keeps in flight (default: 64).")
    Integer inflight;

    @Option(names = "--seconds", paramLabel = "N", description = "Measuring window (default: 10, quick: 1.5).")
    Double seconds;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up before it (default: 3, quick: 1).")
    Double warmup;

    @Option(names = "--rounds", paramLabel = "N",
            description = "Runs of each workload per server (default: 2 for --compare, 1 for --quick or --target).")
    Integer rounds;

    @Option(names = "--workloads", paramLabel = "a,b",
            description = "Which workloads to run (default: all): ${COMPLETION-CANDIDATES}",
            completionCandidates = WorkloadNames.class)
    String workloads;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The parent of the servers' fresh data directories (default: <out>/data).")
    Path dataDir;

    @Option(names = "--server-heap", paramLabel = "SIZE",
            description = "Heap of each server's JVM, as -Xms and -Xmx (default: 1g).")
    String serverHeap = "1g";

    @Option(names = "--keep-data", description = "Keep the servers' data directories after each run.")
    boolean keepData;

    /** The names --workloads accepts, for the help text. */
    static final class WorkloadNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Workloads.names().iterator();
        }
    }

    /** The settings these options describe, defaults filled in; IllegalArgumentException for a wrong value. */
    BenchSettings settings(Path repoRoot) {
        String target = null;
        if (servers.compare != null) {
            if (!servers.compare.equalsIgnoreCase("zookeeper") && !comparesClients()) {
                throw new IllegalArgumentException("--compare takes 'zookeeper' (the server Arbor is compared with)"
                        + " or 'clients' (the Arbor client against the stock client), not '" + servers.compare + "'");
            }
        } else {
            target = validTarget(servers.target);
        }
        int ensembleSize = ensembleSize();
        int s = positive("--sessions", sessions == null ? DEFAULT_SESSIONS : sessions);
        int w = positive("--inflight", inflight == null ? DEFAULT_INFLIGHT : inflight);
        Duration measure = duration("--seconds", seconds == null ? (quick ? 1.5 : 10.0) : seconds, false);
        Duration warm = duration("--warmup", warmup == null ? (quick ? 1.0 : 3.0) : warmup, true);
        // A quick comparison runs each server once (ZooKeeper, then Arbor) to fit in two minutes.
        int r = positive("--rounds", rounds == null ? (target == null && !quick ? 2 : 1) : rounds);
        List<Workload> selected = workloads != null ? Workloads.parse(workloads)
                : ensembleSize > 1 ? Workloads.ensembleDefaults() : Workloads.all();
        if (ensembleSize > 1) {
            List<String> alone = selected.stream().filter(x -> !x.runsOnEnsemble()).map(Workload::name).toList();
            if (!alone.isEmpty()) {
                throw new IllegalArgumentException("--ensemble does not run " + String.join(",", alone)
                        + ": they measure one server's process (heap, CPU, restart)");
            }
        }
        if (!serverHeap.matches("\\d+[kKmMgG]?")) {
            throw new IllegalArgumentException("--server-heap takes a JVM size like 1g or 512m, not " + serverHeap);
        }
        Path outDir = out != null ? out : repoRoot.resolve("bench-results")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")));
        outDir = outDir.toAbsolutePath().normalize();
        Path data = (dataDir != null ? dataDir : outDir.resolve("data")).toAbsolutePath().normalize();
        return new BenchSettings(target, s, w, warm, measure, r, quick, quick ? Scale.QUICK : Scale.FULL, selected,
                outDir, data, List.of("-Xms" + serverHeap, "-Xmx" + serverHeap), keepData, ensembleSize);
    }

    /** 1 unless --ensemble N was given, which only a comparison with ZooKeeper takes. */
    private int ensembleSize() {
        if (ensemble == null) {
            return 1;
        }
        if (servers.compare == null || comparesClients()) {
            throw new IllegalArgumentException("--ensemble goes with --compare zookeeper only");
        }
        if (ensemble < 3 || ensemble > MAX_ENSEMBLE) {
            throw new IllegalArgumentException("--ensemble takes 3 to " + MAX_ENSEMBLE + " servers, not " + ensemble);
        }
        return ensemble;
    }

    static String validTarget(String t) {
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("--target takes host:port, not '" + t + "'");
        }
        try {
            int port = Integer.parseInt(t.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--target takes host:port with a port of 1..65535, not '" + t + "'");
        }
        return t;
    }

    private static int positive(String option, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, not " + v);
        }
        return v;
    }

    private static Duration duration(String option, double secondsValue, boolean zeroAllowed) {
        if (secondsValue < 0 || (!zeroAllowed && secondsValue == 0) || Double.isNaN(secondsValue)) {
            throw new IllegalArgumentException(option + " must be " + (zeroAllowed ? "0 or more" : "more than 0")
                    + " seconds, not " + secondsValue);
        }
        return Duration.ofMillis(Math.round(secondsValue * 1000));
    }

    static Path repoRoot() {
        String home = System.getProperty("arbor.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }

    boolean comparesClients() {
        return servers.compare != null && servers.compare.equalsIgnoreCase("clients");
    }

    @Override
    public Integer call() throws IOException {
        BenchSettings settings;
        try {
            settings = settings(repoRoot());
        } catch (IllegalArgumentException e) {
            System.err.println("arbor bench: " + e.getMessage());
            return 2;
        }
        if (comparesClients()) {
            return ClientComparison.run(settings, System.out, System.err);
        }
        return run(settings, System.out, System.err);
    }

    /** Runs the bench and writes the report; 0 when every run that was meant to run produced a result. */
    public static int run(BenchSettings settings, PrintStream out, PrintStream log) throws IOException {
        Files.createDirectories(settings.outDir());
        log.println("arbor bench: " + settings.workloads().stream().map(Workload::name).toList() + ", "
                + (settings.compare() ? "ZooKeeper vs Arbor, "
                        + (settings.ensemble() ? settings.ensembleSize() + "-server ensembles, " : "")
                        + settings.rounds() + " round(s)"
                        : "target " + settings.target()) + (settings.quick() ? ", quick" : "")
                + "; report in " + settings.outDir());
        Map<String, String> facts = MachineFacts.collect(settings, repoRoot());
        BenchRunner runner;
        List<RunResult> runs;
        try (Progress p = new Progress(log)) {
            runner = new BenchRunner(settings, p, log);
            runs = runner.run();
        }
        facts.put("Load average at end", MachineFacts.loadAverage().orElse("unknown"));
        String title = !settings.compare() ? "Benchmark of " + settings.target()
                : "Arbor vs Apache " + ServerKind.ZOOKEEPER.label() + ": benchmark"
                        + (settings.ensemble() ? " of a " + settings.ensembleSize() + "-server ensemble" : "");
        ReportData data = ReportData.build(title, facts, runner.serverLabels(), settings.workloads(), runs);
        String md = MarkdownReport.render(data);
        Files.writeString(settings.outDir().resolve("report.md"), md, StandardCharsets.UTF_8);
        Files.writeString(settings.outDir().resolve("report.html"), HtmlReport.render(data), StandardCharsets.UTF_8);
        Files.writeString(settings.outDir().resolve("results.csv"), csv(runs), StandardCharsets.UTF_8);
        out.print(md);
        out.flush();
        log.println("arbor bench: wrote report.md, report.html and results.csv to " + settings.outDir());
        boolean failed = runs.stream().anyMatch(r -> r.error() != null && !r.skipped());
        return failed ? 1 : 0;
    }

    /** Every measurement and counter of every run, one per line, for anyone who wants the raw numbers. */
    static String csv(List<RunResult> runs) {
        StringBuilder sb = new StringBuilder("workload,server,round,kind,name,value\n");
        for (RunResult r : runs) {
            String prefix = r.workload() + "," + quote(r.server()) + "," + r.round() + ",";
            if (r.result() == null) {
                sb.append(prefix).append("error,").append(quote(r.error())).append(",\n");
                continue;
            }
            for (Measurement m : r.result().measurements()) {
                sb.append(prefix).append("measurement,").append(quote(m.name())).append(',')
                        .append(String.format(Locale.ROOT, "%s", m.value())).append('\n');
            }
            r.result().counters().forEach((k, v) -> sb.append(prefix).append("counter,").append(quote(k))
                    .append(',').append(v).append('\n'));
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    public static void main(String[] args) {
        // arbor-cli's jar, on the same class path, brings a logback.xml of its own (INFO, for the server)
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
