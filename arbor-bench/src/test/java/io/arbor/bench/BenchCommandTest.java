package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options of bin/arbor bench, and their defaults. */
class BenchCommandTest {
    private static final Path REPO = Path.of("/repo");

    private static BenchSettings parse(String... args) {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.settings(REPO);
    }

    @Test
    void compareDefaultsToEightSessionsOfSixtyFourInFlightTwoRoundsAndEveryWorkload() {
        BenchSettings s = parse("--compare", "zookeeper");

        assertThat(s.compare()).isTrue();
        assertThat(s.sessions()).isEqualTo(8);
        assertThat(s.inflight()).isEqualTo(64);
        assertThat(s.rounds()).isEqualTo(2);
        assertThat(s.quick()).isFalse();
        assertThat(s.scale()).isEqualTo(Scale.FULL);
        assertThat(s.workloads()).extracting(Workload::name).containsExactlyElementsOf(Workloads.names());
        assertThat(s.serverJvmFlags()).containsExactly("-Xms1g", "-Xmx1g");
        assertThat(s.outDir().toString()).matches("/repo/bench-results/\\d{4}-\\d{2}-\\d{2}-\\d{6}");
        assertThat(s.dataParent()).isEqualTo(s.outDir().resolve("data"));
    }

    @Test
    void quickScalesCountsAndWindowsDown() {
        BenchSettings s = parse("--compare", "zookeeper", "--quick");

        assertThat(s.quick()).isTrue();
        assertThat(s.scale()).isEqualTo(Scale.QUICK);
        assertThat(s.scale().znodes()).isLessThan(Scale.FULL.znodes());
        assertThat(s.rounds()).isEqualTo(1);
        assertThat(s.measure()).isLessThan(parse("--compare", "zookeeper").measure());
    }

    @Test
    void everyOverrideIsTaken() {
        BenchSettings s = parse("--compare", "ZooKeeper", "--sessions", "3", "--inflight", "5", "--seconds", "1.5",
                "--warmup", "0", "--rounds", "4", "--workloads", "get, create", "--out", "/tmp/x", "--data-dir",
                "/data/bench", "--server-heap", "512m", "--keep-data");

        assertThat(s.sessions()).isEqualTo(3);
        assertThat(s.inflight()).isEqualTo(5);
        assertThat(s.measure()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.warmup()).isZero();
        assertThat(s.rounds()).isEqualTo(4);
        assertThat(s.workloads()).extracting(Workload::name).as("in run order").containsExactly("create", "get");
        assertThat(s.outDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(s.dataParent()).isEqualTo(Path.of("/data/bench"));
        assertThat(s.serverJvmFlags()).containsExactly("-Xms512m", "-Xmx512m");
        assertThat(s.keepData()).isTrue();
    }

    @Test
    void targetRunsOneRoundAgainstTheGivenAddress() {
        BenchSettings s = parse("--target", "10.0.0.5:2181");

        assertThat(s.compare()).isFalse();
        assertThat(s.target()).isEqualTo("10.0.0.5:2181");
        assertThat(s.rounds()).isEqualTo(1);
    }

    @Test
    void wrongValuesAreRefusedWithAReason() {
        assertThatThrownBy(() -> parse("--compare", "etcd")).hasMessageContaining("--compare takes 'zookeeper'");
        assertThatThrownBy(() -> parse("--target", "localhost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> parse("--target", "localhost:99999")).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> parse("--compare", "zookeeper", "--workloads", "create,nope"))
                .hasMessageContaining("unknown workload(s) [nope]");
        assertThatThrownBy(() -> parse("--compare", "zookeeper", "--sessions", "0")).hasMessageContaining("--sessions");
        assertThatThrownBy(() -> parse("--compare", "zookeeper", "--seconds", "0")).hasMessageContaining("--seconds");
        assertThatThrownBy(() -> parse("--compare", "zookeeper", "--server-heap", "lots"))
                .hasMessageContaining("--server-heap");
    }

    @Test
    void exactlyOneOfCompareAndTargetIsRequired() {
        assertThatThrownBy(() -> parse()).isInstanceOf(CommandLine.MissingParameterException.class);
        assertThatThrownBy(() -> parse("--compare", "zookeeper", "--target", "h:1"))
                .isInstanceOf(CommandLine.MutuallyExclusiveArgsException.class);
    }

    @Test
    void badArgumentsExitWithUsageErrorCode() {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(cl.execute("--nope")).isEqualTo(2);
    }

    @Test
    void ensembleComparesTwoEnsemblesOfNOnTheWorkloadsAnEnsembleHas() {
        BenchSettings s = parse("--compare", "zookeeper", "--ensemble", "3", "--quick");

        assertThat(s.ensemble()).isTrue();
        assertThat(s.ensembleSize()).isEqualTo(3);
        assertThat(s.rounds()).as("quick: one round").isEqualTo(1);
        assertThat(s.workloads()).extracting(Workload::name).containsExactly("create", "set", "get", "mix",
                "children");
        assertThat(s.oneServerPerRound()).as("quick: an ensemble per side and round runs every workload").isTrue();
        assertThat(parse("--compare", "zookeeper", "--ensemble", "3").oneServerPerRound()).isFalse();
        assertThat(parse("--compare", "zookeeper", "--quick").oneServerPerRound()).isFalse();
        assertThat(s.label(ServerKind.ARBOR)).isEqualTo("Arbor (3 servers)");
        assertThat(s.label(ServerKind.ZOOKEEPER)).isEqualTo(ServerKind.ZOOKEEPER.label() + " (3 servers)");
        assertThat(parse("--compare", "zookeeper", "--ensemble", "5", "--workloads", "watch,connect").workloads())
                .extracting(Workload::name).containsExactly("watch", "connect");

        BenchSettings single = parse("--compare", "zookeeper");
        assertThat(single.ensemble()).isFalse();
        assertThat(single.label(ServerKind.ARBOR)).isEqualTo("Arbor");
    }

    @Test
    void ensembleRefusesWhatMeasuresOneServerAndGoesWithTheZooKeeperComparisonOnly() {
        assertThatThrownBy(() -> parse("--compare", "zookeeper", "--ensemble", "3", "--workloads", "create,znodes"))
                .hasMessageContaining("--ensemble does not run znodes");
        assertThatThrownBy(() -> parse("--compare", "zookeeper", "--ensemble", "3", "--workloads", "sessions,restart"))
                .hasMessageContaining("--ensemble does not run sessions,restart");
        assertThatThrownBy(() -> parse("--target", "h:1", "--ensemble", "3"))
                .hasMessageContaining("--ensemble goes with --compare zookeeper only");
        assertThatThrownBy(() -> parse("--compare", "clients", "--ensemble", "3"))
                .hasMessageContaining("--ensemble goes with --compare zookeeper only");
        assertThatThrownBy(() -> parse("--compare", "zookeeper", "--ensemble", "1")).hasMessageContaining("3 to 9");
        assertThatThrownBy(() -> parse("--compare", "zookeeper", "--ensemble", "10")).hasMessageContaining("3 to 9");
    }
}
