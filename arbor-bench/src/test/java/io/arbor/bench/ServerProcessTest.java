package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.bench.workload.RestartWorkload;
import io.arbor.bench.workload.ZnodeMemoryWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both servers started as a comparison starts them (own JVM, own class path, the shared zoo.cfg), measured, and
 * restarted on their data directory with what the memory workload left there.
 */
class ServerProcessTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void startsMeasuresAndRestartsWithEveryZnodeRecovered(ServerKind kind) throws Exception {
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, BenchRunner.SERVER_LOGBACK);
        ServerProcess.Launch launch = new ServerProcess.Launch(List.of("-Xmx256m"), logback, dir.resolve("logs"));
        List<Workload> workloads = List.of(new ZnodeMemoryWorkload(), new RestartWorkload());
        BenchSettings settings = BenchSettings.forTarget("unused:1", 2, 8, Duration.ZERO, Duration.ofMillis(100),
                TestScale.SMALL, workloads, dir);
        try (ServerProcess server = ServerProcess.start(kind, dir.resolve("data"), kind.id(), launch)) {
            assertThat(server.pid()).isPresent();
            WorkloadContext ctx = new WorkloadContext(settings, server, 1, Progress.silent(), "/bench");

            WorkloadResult memory = workloads.get(0).run(ctx);
            long pidBefore = server.pid().getAsLong();
            WorkloadResult restart = workloads.get(1).run(ctx);

            assertThat(memory.value("heap bytes/znode")).isPresent();
            assertThat(memory.counter("znodes")).isEqualTo(TestScale.SMALL.znodes());
            assertThat(server.pid().getAsLong()).as("a new process").isNotEqualTo(pidBefore);
            assertThat(restart.counter("znodes recovered")).isEqualTo(restart.counter("znodes expected"))
                    .isEqualTo(TestScale.SMALL.parents() + TestScale.SMALL.znodes());
            assertThat(restart.value("restart s").orElseThrow()).isPositive();
            assertThat(Files.readString(server.logFile())).contains("# bench: ready");
        }
    }
}
