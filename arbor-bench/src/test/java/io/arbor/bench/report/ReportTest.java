package io.arbor.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.bench.Measurement;
import io.arbor.bench.RunResult;
import io.arbor.bench.Workload;
import io.arbor.bench.WorkloadContext;
import io.arbor.bench.WorkloadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Report generation from given results: table columns, the ratio math, goals, and the HTML's charts. */
class ReportTest {
    private static final String ZK = "ZooKeeper 3.9.5";
    private static final String ARBOR = "Arbor";

    /** A workload that is only a name and a title here: its results are given. */
    private record Named(String name, String title, List<String> chartMetrics) implements Workload {
        Named(String name, String title) {
            this(name, title, List.of("ops/s", "p99 ms"));
        }

        @Override
        public WorkloadResult run(WorkloadContext ctx) {
            throw new UnsupportedOperationException();
        }
    }

    private static WorkloadResult throughput(double ops, double p50, double p99, double p999) {
        return WorkloadResult.builder().add(Measurement.higher("ops/s", ops)).add(Measurement.lower("p50 ms", p50))
                .add(Measurement.lower("p99 ms", p99)).add(Measurement.lower("p99.9 ms", p999))
                .add(Measurement.lower("errors", 0)).build();
    }

    private static Map<String, String> facts() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("CPU", "2 cores");
        f.put("fsync", "on");
        return f;
    }

    /** create: ZooKeeper 100 and 120 ops/s, Arbor 230 and 250; get: ZooKeeper 50, Arbor 90 (not 2x). */
    private static ReportData comparison() {
        List<RunResult> runs = new ArrayList<>();
        runs.add(RunResult.ok("create", ZK, 1, throughput(100, 2.0, 10.0, 20.0)));
        runs.add(RunResult.ok("create", ARBOR, 1, throughput(230, 1.0, 4.0, 8.0)));
        runs.add(RunResult.ok("create", ZK, 2, throughput(120, 2.0, 10.0, 20.0)));
        runs.add(RunResult.ok("create", ARBOR, 2, throughput(250, 1.0, 6.0, 8.0)));
        runs.add(RunResult.ok("get", ZK, 1, throughput(50, 1.0, 2.0, 3.0)));
        runs.add(RunResult.ok("get", ARBOR, 1, throughput(90, 1.0, 3.0, 3.0)));
        runs.add(RunResult.ok("znodes", ZK, 1, WorkloadResult.builder()
                .add(Measurement.lower("heap bytes/znode", 400)).note("quick: 100,000 znodes").build()));
        runs.add(RunResult.ok("znodes", ARBOR, 1, WorkloadResult.builder()
                .add(Measurement.lower("heap bytes/znode", 180)).note("quick: 100,000 znodes").build()));
        runs.add(RunResult.failed("restart", ZK, 1, "the server did not start: boom"));
        List<Workload> workloads = List.of(new Named("create", "create things"), new Named("get", "get things"),
                new Named("znodes", "memory", List.of("heap bytes/znode")), new Named("restart", "restart"));
        return ReportData.build("Arbor vs ZooKeeper", facts(), List.of(ZK, ARBOR), workloads, runs);
    }

    @Test
    void ratioIsTheContendersMeanOverTheBaselinesMean() {
        ReportData data = comparison();
        ReportData.Row ops = data.table("create").orElseThrow().row("ops/s").orElseThrow();

        assertThat(ops.rounds(ZK)).containsExactly(100.0, 120.0);
        assertThat(ops.mean(ZK)).hasValue(110.0);
        assertThat(ops.mean(ARBOR)).hasValue(240.0);
        assertThat(ops.ratio(ARBOR, ZK).getAsDouble()).isCloseTo(240.0 / 110.0, org.assertj.core.data.Offset
                .offset(1e-9));
        assertThat(ops.ahead(ARBOR, ZK)).hasValue(ARBOR);
        ReportData.Row p99 = data.table("get").orElseThrow().row("p99 ms").orElseThrow();
        assertThat(p99.ratio(ARBOR, ZK).getAsDouble()).isEqualTo(1.5);
        assertThat(p99.ahead(ARBOR, ZK)).as("lower is better for latency").hasValue(ZK);
    }

    @Test
    void markdownTableHasAColumnPerServerTheRatioAndTheDirection() {
        String md = MarkdownReport.render(comparison());

        assertThat(md).contains("| metric | ZooKeeper 3.9.5 | Arbor | Arbor/ZooKeeper 3.9.5 | better is | ahead |");
        assertThat(md).contains("| ops/s | 110 (100 / 120) | 240 (230 / 250) | 2.18x | higher | Arbor |");
        assertThat(md).contains("| p99 ms | 10.00 (10.00 / 10.00) | 5.00 (4.00 / 6.00) | 0.50x | lower | Arbor |");
        assertThat(md).contains("### create: create things").contains("### get: get things");
        assertThat(md).contains("- quick: 100,000 znodes");
        assertThat(md).contains("ZooKeeper 3.9.5 round 1: no result: the server did not start: boom");
        assertThat(md).contains("| CPU | 2 cores |");
    }

    @Test
    void everyRowOfATableHasAsManyCellsAsTheHeader() {
        String md = MarkdownReport.render(comparison());
        List<String> tableLines = md.lines().filter(l -> l.startsWith("| ")).toList();
        for (String line : tableLines) {
            if (line.startsWith("| metric |") || line.matches("\\| (ops/s|p50 ms|p99 ms|p99.9 ms|errors|heap.*) \\|.*")) {
                assertThat(line.split("(?<!\\\\)\\|", -1)).as(line).hasSize(8);
            }
        }
    }

    @Test
    void goalsSayPlainlyWhichAreMet() {
        List<Goals.Goal> goals = Goals.evaluate(comparison());

        assertThat(goals).extracting(Goals.Goal::statement, Goals.Goal::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Writes: at least 2x ZooKeeper's throughput", Goals.Status.MET),
                org.assertj.core.groups.Tuple.tuple("Reads: at least 2x ZooKeeper's throughput",
                        Goals.Status.NOT_MET),
                org.assertj.core.groups.Tuple.tuple("Latency: p99 at most ZooKeeper's", Goals.Status.NOT_MET),
                org.assertj.core.groups.Tuple.tuple("Memory: at most half of ZooKeeper's heap per znode",
                        Goals.Status.MET),
                org.assertj.core.groups.Tuple.tuple("Restart: at least 2x faster than ZooKeeper",
                        Goals.Status.NOT_MEASURED));
        assertThat(goals.get(0).evidence()).contains("create: ops/s 2.18x");
        assertThat(goals.get(1).evidence()).contains("get: ops/s 1.80x");
        assertThat(goals.get(3).evidence()).contains("0.45x");
        String md = MarkdownReport.render(comparison());
        assertThat(md).contains("## Goals").contains("| Reads: at least 2x ZooKeeper's throughput | **Not met** |");
    }

    @Test
    void htmlHasAnSvgChartPerWorkloadAndNoScripts() {
        ReportData data = comparison();
        String html = HtmlReport.render(data);

        Matcher svgs = Pattern.compile("<svg ").matcher(html);
        int count = 0;
        while (svgs.find()) {
            count++;
        }
        assertThat(count).isEqualTo(data.tables().size());
        assertThat(html).doesNotContain("<script").contains("<rect").contains("ops/s (higher is better)")
                .contains("p99 ms (lower is better)").contains("no data");
        assertThat(html).contains("<td class=\"notmet\">Not met</td>");
    }

    @Test
    void barsAreAsTallAsTheirValues() {
        ReportData data = comparison();
        String svg = SvgChart.render(data, data.table("create").orElseThrow());
        Matcher bars = Pattern.compile("<rect x=\"\\d+\" y=\"\\d+\" width=\"\\d+\" height=\"(\\d+)\"").matcher(svg);
        List<Integer> heights = new ArrayList<>();
        while (bars.find()) {
            heights.add(Integer.parseInt(bars.group(1)));
        }
        // ops/s: 110 vs 240, p99: 10 vs 5
        assertThat(heights).hasSize(4);
        assertThat(heights.get(1) / (double) heights.get(0)).isCloseTo(240 / 110.0,
                org.assertj.core.data.Offset.offset(0.05));
        assertThat(heights.get(2) / (double) heights.get(3)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void targetReportHasOneColumnNoRatioAndNoGoals() {
        List<RunResult> runs = List.of(RunResult.ok("create", "127.0.0.1:2181", 1, throughput(500, 1, 2, 3)));
        ReportData data = ReportData.build("Benchmark of 127.0.0.1:2181", facts(), List.of("127.0.0.1:2181"),
                List.of(new Named("create", "create things")), runs);
        String md = MarkdownReport.render(data);

        assertThat(md).contains("| metric | 127.0.0.1:2181 | better is |").contains("| ops/s | 500 | higher |");
        assertThat(md).doesNotContain("## Goals").doesNotContain("x |");
        assertThat(Goals.evaluate(data)).isEmpty();
        assertThat(HtmlReport.render(data)).contains("<svg ");
    }
}
