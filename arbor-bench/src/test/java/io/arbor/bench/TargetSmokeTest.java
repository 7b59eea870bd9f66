package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** bin/arbor bench --target against a server in the test's JVM, for a second or two: the report comes out. */
class TargetSmokeTest {
    @TempDir
    Path out;

    @Test
    void targetRunWritesTheReportsAndCleansUpAfterItself() throws Exception {
        try (TestServer server = TestServer.start("arbor")) {
            BenchCommand cmd = new BenchCommand();
            new CommandLine(cmd).parseArgs("--target", server.connectString(), "--workloads", "create,get,restart",
                    "--sessions", "2", "--inflight", "8", "--warmup", "0.2", "--seconds", "0.5", "--out",
                    out.toString());
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();

            int exit = BenchCommand.run(cmd.settings(out), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8));

            String md = Files.readString(out.resolve("report.md"));
            assertThat(exit).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(md);
            assertThat(md).contains("# Benchmark of " + server.connectString())
                    .contains("| metric | " + server.connectString() + " | better is |")
                    .contains("### create:").contains("### get:").contains("| ops/s | ")
                    .as("restart needs a server the bench started").contains("no result: skipped: not run against"
                            + " --target");
            assertThat(Files.readString(out.resolve("report.html"))).contains("<svg ");
            assertThat(Files.readString(out.resolve("results.csv"))).contains("create," + server.connectString()
                    + ",1,measurement,ops/s,");
            org.apache.zookeeper.ZooKeeper zk = Clients.connect(server.connectString());
            try {
                assertThat(zk.getChildren("/", false)).as("a --target keeps only what it had").containsExactly(
                        "zookeeper");
            } finally {
                zk.close();
            }
        }
    }
}
