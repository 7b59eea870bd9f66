package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client comparison drives both clients for real: each one's setData requests are all in the znodes' versions,
 * and the report has a row per client and operation and the ratio. No speed is asserted.
 */
class ClientComparisonTest {
    @TempDir
    Path out;

    @Test
    void bothClientsRunTheSameLoadAndTheReportComparesThem() throws Exception {
        try (TestServer server = TestServer.start("arbor")) {
            BenchSettings settings = BenchSettings.forTarget(server.connectString(), 2, 8, Duration.ofMillis(200),
                    Duration.ofMillis(500), Scale.QUICK, List.of(), out);
            List<ClientComparison.Run> runs = ClientComparison.measure(server, settings, Progress.silent());

            assertThat(runs).extracting(r -> r.client() + " " + r.op()).containsExactly(
                    ClientComparison.STOCK + " getData", ClientComparison.STOCK + " setData",
                    ClientComparison.ARBOR + " getData", ClientComparison.ARBOR + " setData");
            assertThat(runs).allSatisfy(r -> {
                assertThat(r.result().ops()).isPositive();
                assertThat(r.result().errors()).isZero();
            });
            long sets = runs.stream().filter(r -> r.op().equals("setData")).mapToLong(r -> r.result().totalOps())
                    .sum();
            ZooKeeper zk = Clients.connect(server.connectString());
            try {
                long versions = 0;
                for (String child : zk.getChildren("/bench-clients", false)) {
                    versions += zk.exists("/bench-clients/" + child, false).getVersion();
                }
                assertThat(versions).as("every acknowledged setData of either client").isEqualTo(sets);
            } finally {
                zk.close();
            }

            String md = ClientComparison.render(Map.of("CPU", "test"), settings, runs);
            assertThat(md).contains("| getData | " + ClientComparison.STOCK + " |")
                    .contains("| setData | " + ClientComparison.ARBOR + " |")
                    .contains("| operation | Arbor client / stock client (ops/s) |");
        }
    }
}
