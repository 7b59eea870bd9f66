package io.arbor.bench;

import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * The Arbor client against the stock ZooKeeper client, on the same Arbor server in the same run: S sessions of each
 * client keep W asynchronous getData (then setData) requests in flight on 1,000 znodes of 100 bytes, through the same
 * load generator, alternating stock, Arbor, stock, Arbor round by round. What differs is only the client.
 */
public final class ClientComparison {
    static final String STOCK = "ZooKeeper client 3.9.5";
    static final String ARBOR = "Arbor client";
    private static final int ZNODES = 1_000;
    private static final byte[] DATA = new byte[100];
    private static final String ROOT = "/bench-clients";

    /** One measured run: which client, which operation, which round. */
    record Run(String client, String op, int round, LoadGenerator.Result result) {
    }

    private ClientComparison() {
    }

    /** Runs the comparison against {@code server}; the runs in the order they were taken. */
    static List<Run> measure(ServerHandle server, BenchSettings settings, Progress progress)
            throws IOException, InterruptedException, TimeoutException, KeeperException {
        List<String> paths = Fixtures.childPaths(ROOT, ZNODES);
        List<ZooKeeper> setup = Clients.connectAll(server.connectString(), settings.sessions());
        try {
            Fixtures.createEmpty(setup.get(0), ROOT);
            Fixtures.createAll(setup, settings.inflight(), paths, DATA, progress, "client comparison: znodes");
        } finally {
            Clients.closeAll(setup);
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            List<ZooKeeper> stock = Clients.connectAll(server.connectString(), settings.sessions());
            try {
                runs.add(new Run(STOCK, "getData", round, LoadGenerator.run(stock, settings.inflight(),
                        settings.warmup(), settings.measure(), (zk, done) -> zk.getData(pick(paths), false,
                                (rc, p, ctx, data, stat) -> done.done(rc), null), progress, STOCK + " getData")));
                runs.add(new Run(STOCK, "setData", round, LoadGenerator.run(stock, settings.inflight(),
                        settings.warmup(), settings.measure(), (zk, done) -> zk.setData(pick(paths), DATA, -1,
                                (rc, p, ctx, stat) -> done.done(rc), null), progress, STOCK + " setData")));
            } finally {
                Clients.closeAll(stock);
            }
            List<ArborClient> arbor = new ArrayList<>();
            try {
                for (int i = 0; i < settings.sessions(); i++) {
                    ArborClient c = ArborClient.builder().connectString(server.connectString())
                            .sessionTimeout(Duration.ofMillis(Clients.SESSION_TIMEOUT_MS)).build();
                    arbor.add(c);
                    c.exists("/"); // connected before the clock starts
                }
                runs.add(new Run(ARBOR, "getData", round, LoadGenerator.runWith(arbor, settings.inflight(),
                        settings.warmup(), settings.measure(), (c, done) -> c.getDataAsync(pick(paths))
                                .whenComplete((d, e) -> done.done(code(e))), progress, ARBOR + " getData")));
                runs.add(new Run(ARBOR, "setData", round, LoadGenerator.runWith(arbor, settings.inflight(),
                        settings.warmup(), settings.measure(), (c, done) -> c.setDataAsync(pick(paths), DATA, -1)
                                .whenComplete((s, e) -> done.done(code(e))), progress, ARBOR + " setData")));
            } catch (ArborException e) {
                throw new IOException("the Arbor client could not connect: " + e, e);
            } finally {
                arbor.forEach(ArborClient::close);
            }
        }
        return runs;
    }

    private static String pick(List<String> paths) {
        return paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
    }

    /** The completion's result code in ZooKeeper's numbering: 0, or the error's code. */
    static int code(Throwable failure) {
        if (failure == null) {
            return 0;
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof ArborException a ? a.code() : KeeperException.Code.SYSTEMERROR.intValue();
    }

    /** Starts an Arbor server for the comparison, measures, writes clients.md; 0 when every run completed. */
    public static int run(BenchSettings settings, PrintStream out, PrintStream log) throws IOException {
        Files.createDirectories(settings.outDir());
        Path logDir = settings.outDir().resolve("server-logs");
        Files.createDirectories(logDir);
        Path logback = logDir.resolve("logback-servers.xml");
        Files.writeString(logback, BenchRunner.SERVER_LOGBACK, StandardCharsets.UTF_8);
        ServerProcess.Launch launch = new ServerProcess.Launch(settings.serverJvmFlags(), logback, logDir);
        Map<String, String> facts = MachineFacts.collect(settings, BenchCommand.repoRoot());
        List<Run> runs;
        try (Progress progress = new Progress(log);
             ServerProcess server = ServerProcess.start(ServerKind.ARBOR, settings.dataParent().resolve("clients"),
                     "arbor-clients", launch)) {
            runs = measure(server, settings, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.println("arbor bench: interrupted");
            return 1;
        } catch (TimeoutException | KeeperException e) {
            log.println("arbor bench: the client comparison failed: " + e);
            return 1;
        }
        String md = render(facts, settings, runs);
        Files.writeString(settings.outDir().resolve("clients.md"), md, StandardCharsets.UTF_8);
        out.print(md);
        out.flush();
        log.println("arbor bench: wrote clients.md to " + settings.outDir());
        return runs.stream().anyMatch(r -> r.result().ops() == 0) ? 1 : 0;
    }

    /** The report: machine facts, then per operation each client's mean ops/s and latency, and the ratio. */
    static String render(Map<String, String> facts, BenchSettings settings, List<Run> runs) {
        StringBuilder sb = new StringBuilder("# The Arbor client against the stock ZooKeeper client\n\n");
        sb.append("Both drive the same Arbor server (its own JVM) through the same load generator: ")
                .append(settings.sessions()).append(" sessions x ").append(settings.inflight())
                .append(" async requests in flight on ").append(ZNODES).append(" znodes of 100 bytes, ")
                .append(settings.rounds()).append(" round(s), alternating.\n\n| | |\n|---|---|\n");
        facts.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        sb.append("\n| operation | client | ops/s | p50 ms | p99 ms | p99.9 ms | errors |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        Map<String, Double> meanOps = new LinkedHashMap<>();
        for (String op : List.of("getData", "setData")) {
            for (String client : List.of(STOCK, ARBOR)) {
                List<Run> mine = runs.stream().filter(r -> r.op().equals(op) && r.client().equals(client)).toList();
                double ops = mine.stream().mapToDouble(r -> r.result().opsPerSecond()).average().orElse(0);
                meanOps.put(op + client, ops);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.2f | %.2f | %d |%n", op, client, ops,
                        mean(mine, 50), mean(mine, 99), mean(mine, 99.9),
                        mine.stream().mapToLong(r -> r.result().errors()).sum()));
            }
        }
        sb.append("\n| operation | Arbor client / stock client (ops/s) |\n|---|---:|\n");
        for (String op : List.of("getData", "setData")) {
            double stock = meanOps.get(op + STOCK);
            sb.append("| ").append(op).append(" | ")
                    .append(stock > 0 ? Format.ratio(meanOps.get(op + ARBOR) / stock) : "n/a").append(" |\n");
        }
        return sb.toString();
    }

    private static double mean(List<Run> runs, double percentile) {
        return runs.stream().mapToDouble(r -> Latency.percentileMillis(r.result().latency(), percentile))
                .average().orElse(0);
    }
}
