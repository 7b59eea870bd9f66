package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * bin/arbor bench --compare zookeeper --ensemble 3 --quick end to end, on a tiny scale: two 3-server ensembles (Apache
 * ZooKeeper's QuorumPeerMain and Arbor's), every member a JVM of its own, one side after the other, each running both
 * workloads, and a report with both sides' numbers. The mix workload writes through every member (to the leader) and
 * reads from every member.
 */
class EnsembleComparisonTest {
    private static final String ZK = ServerKind.ZOOKEEPER.label() + " (3 servers)";
    private static final String ARBOR = "Arbor (3 servers)";

    @TempDir
    Path out;

    @Test
    void bothEnsemblesAreMeasuredAndReportedSideBySide() throws Exception {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs("--compare", "zookeeper", "--ensemble", "3", "--quick", "--workloads",
                "create,mix", "--sessions", "3", "--inflight", "8", "--warmup", "0.3", "--seconds", "0.7",
                "--server-heap", "256m", "--out", out.toString());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int exit = BenchCommand.run(cmd.settings(out), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));

        String log = stderr.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(log).isZero();
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("# Arbor vs Apache " + ServerKind.ZOOKEEPER.label()
                        + ": benchmark of a 3-server ensemble")
                .contains("| metric | " + ZK + " | " + ARBOR + " | " + ARBOR + "/" + ZK + " | better is | ahead |")
                .contains("a 3-server ensemble of each").contains("pinned to member i mod 3")
                .contains("### create:").contains("### mix:").doesNotContain("no result");
        assertThat(Files.readString(out.resolve("report.html"))).contains("benchmark of a 3-server ensemble");
        for (String side : List.of(ZK, ARBOR)) {
            Map<String, String> create = csv("create", side);
            assertThat(Double.parseDouble(create.get("measurement,ops/s"))).as(side + " create ops/s").isPositive();
            assertThat(create.get("counter,children")).as(side + " creates").isEqualTo(create.get("counter,total ops"));
            Map<String, String> csv = csv("mix", side);
            assertThat(Double.parseDouble(csv.get("measurement,ops/s"))).as(side + " ops/s").isPositive();
            assertThat(Double.parseDouble(csv.get("measurement,errors"))).as(side + " errors").isZero();
            assertThat(Long.parseLong(csv.get("counter,writes"))).as(side + " writes").isPositive();
            // every setData answered OK through any member advanced a version the test reads back from one member
            assertThat(csv.get("counter,versions")).as(side + " versions").isEqualTo(csv.get("counter,writes"));
            assertThat(log).containsPattern(java.util.regex.Pattern.quote(side)
                    + " ready in [\\d.]+ s \\(leader s[123]; pids \\d+, \\d+, \\d+\\)");
        }
        assertThat(log).as("quick: one ensemble per side runs both workloads")
                .containsOnlyOnce("== create+mix on " + ZK).containsOnlyOnce("== create+mix on " + ARBOR);
        assertThat(log).contains("members' logs: s1: ");
        try (Stream<Path> logs = Files.list(out.resolve("server-logs"))) {
            List<String> names = logs.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted()
                    .toList();
            assertThat(names).containsExactly("arbor-create+mix-r1-s1.log", "arbor-create+mix-r1-s2.log",
                    "arbor-create+mix-r1-s3.log", "zookeeper-create+mix-r1-s1.log", "zookeeper-create+mix-r1-s2.log",
                    "zookeeper-create+mix-r1-s3.log");
        }
        try (Stream<Path> left = Files.list(out.resolve("data"))) {
            assertThat(left).as("data directories are removed after each run").isEmpty();
        }
    }

    /** One workload's rows of results.csv for one side: "kind,name" to value. */
    private Map<String, String> csv(String workload, String side) throws Exception {
        String prefix = workload + "," + side + ",1,";
        return Files.readAllLines(out.resolve("results.csv")).stream().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .collect(Collectors.toMap(l -> l.substring(0, l.lastIndexOf(',')),
                        l -> l.substring(l.lastIndexOf(',') + 1), (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
