package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.bench.workload.ChildrenWorkload;
import io.arbor.bench.workload.CreateWorkload;
import io.arbor.bench.workload.GetDataWorkload;
import io.arbor.bench.workload.IdleSessionsWorkload;
import io.arbor.bench.workload.MixedWorkload;
import io.arbor.bench.workload.SessionChurnWorkload;
import io.arbor.bench.workload.SetDataWorkload;
import io.arbor.bench.workload.WatchFanoutWorkload;
import io.arbor.bench.workload.ZnodeMemoryWorkload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each workload does what it says and counts what it did, against Arbor and against Apache ZooKeeper: what the
 * server holds afterwards is checked with a client of the test's own. Windows are short; no speed is asserted.
 */
class WorkloadCorrectnessTest {
    @TempDir
    Path out;

    private WorkloadContext context(ServerHandle server, Workload w) {
        BenchSettings s = BenchSettings.forTarget(server.connectString(), 2, 4, Duration.ofMillis(200),
                Duration.ofMillis(500), TestScale.SMALL, List.of(w), out);
        return new WorkloadContext(s, server, 1, Progress.silent(), "/bench");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arbor", "zookeeper"})
    void createMakesOneZnodePerCountedOp(String kind) throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            Workload w = new CreateWorkload();
            WorkloadResult r = w.run(context(server, w));

            assertThat(r.counter("measured ops")).isPositive();
            assertThat(r.counter("total errors")).isZero();
            ZooKeeper zk = Clients.connect(server.connectString());
            try {
                List<String> children = zk.getChildren("/bench-create", false);
                assertThat(children).hasSize(Math.toIntExact(r.counter("total ops")));
                assertThat(children).allMatch(c -> c.matches("n-\\d{10}"));
                assertThat(zk.getData("/bench-create/" + children.get(0), false, null)).hasSize(100);
            } finally {
                zk.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arbor", "zookeeper"})
    void setDataAdvancesOneVersionPerCountedOp(String kind) throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            Workload w = new SetDataWorkload();
            WorkloadResult r = w.run(context(server, w));

            assertThat(r.counter("total ops")).isPositive();
            assertThat(r.counter("total errors")).isZero();
            assertThat(sumOfVersions(server, "/bench-set")).isEqualTo(r.counter("total ops"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arbor", "zookeeper"})
    void getDataReadsTheHundredBytesWithoutErrors(String kind) throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            Workload w = new GetDataWorkload();
            WorkloadResult r = w.run(context(server, w));

            assertThat(r.counter("measured ops")).isPositive();
            assertThat(r.counter("total errors")).as("an answer of the wrong size counts as an error").isZero();
            assertThat(sumOfVersions(server, "/bench-get")).as("reads change nothing").isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arbor", "zookeeper"})
    void mixWritesSomeAndReadsMost(String kind) throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            Workload w = new MixedWorkload();
            WorkloadResult r = w.run(context(server, w));

            assertThat(r.counter("total errors")).isZero();
            assertThat(r.counter("reads") + r.counter("writes")).isEqualTo(r.counter("total ops"));
            assertThat(r.counter("writes")).isPositive().isLessThan(r.counter("reads"));
            assertThat(sumOfVersions(server, "/bench-mix")).isEqualTo(r.counter("writes"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arbor", "zookeeper"})
    void childrenListsAThousandEveryTime(String kind) throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            Workload w = new ChildrenWorkload();
            WorkloadResult r = w.run(context(server, w));

            assertThat(r.counter("measured ops")).isPositive();
            assertThat(r.counter("total errors")).as("a listing of the wrong length counts as an error").isZero();
            ZooKeeper zk = Clients.connect(server.connectString());
            try {
                assertThat(zk.getChildren("/bench-children/parent", false)).hasSize(1_000);
            } finally {
                zk.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arbor", "zookeeper"})
    void watchFanOutDeliversEveryWriteToEveryWatcher(String kind) throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            Workload w = new WatchFanoutWorkload();
            WorkloadResult r = w.run(context(server, w));

            assertThat(r.counter("watchers")).isEqualTo(TestScale.SMALL.watchers());
            assertThat(r.counter("writes")).isPositive();
            assertThat(r.counter("missed events")).isZero();
            assertThat(r.counter("errors")).isZero();
            assertThat(r.counter("events")).isEqualTo(r.counter("writes") * TestScale.SMALL.watchers());
            assertThat(r.value("events/s")).isPresent();
            ZooKeeper zk = Clients.connect(server.connectString());
            try {
                assertThat(zk.exists("/bench-watch/watched", false).getVersion())
                        .as("one setData per write").isEqualTo(r.counter("writes"));
            } finally {
                zk.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arbor", "zookeeper"})
    void sessionChurnClosesEverySessionItOpens(String kind) throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            Workload w = new SessionChurnWorkload();
            WorkloadResult r = w.run(context(server, w));

            assertThat(r.counter("sessions opened")).isPositive();
            assertThat(r.counter("sessions closed")).isEqualTo(r.counter("sessions opened"));
            assertThat(r.counter("total errors")).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arbor", "zookeeper"})
    void idleSessionsAreAllOpenAtOnceAndMeasured(String kind) throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            Workload w = new IdleSessionsWorkload();
            WorkloadResult r = w.run(context(server, w));

            assertThat(r.counter("sessions")).isEqualTo(TestScale.SMALL.idleSessions());
            assertThat(r.counter("failed")).isZero();
            assertThat(r.value("idle CPU %")).isPresent();
            assertThat(r.value("heap bytes/session")).isPresent();
            assertThat(r.notes()).anyMatch(n -> n.contains("30 sessions"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arbor", "zookeeper"})
    void znodeMemoryCreatesEveryZnodeUnderItsParents(String kind) throws Exception {
        try (TestServer server = TestServer.start(kind)) {
            Workload w = new ZnodeMemoryWorkload();
            WorkloadResult r = w.run(context(server, w));

            assertThat(r.counter("errors")).isZero();
            assertThat(r.counter("znodes")).isEqualTo(TestScale.SMALL.znodes());
            assertThat(r.value("heap bytes/znode")).isPresent();
            ZooKeeper zk = Clients.connect(server.connectString());
            try {
                assertThat(zk.getChildren("/bench-znodes", false)).hasSize(TestScale.SMALL.parents());
                assertThat(zk.getAllChildrenNumber("/bench-znodes"))
                        .isEqualTo(TestScale.SMALL.parents() + TestScale.SMALL.znodes());
                assertThat(zk.getChildren("/bench-znodes/p0000", false))
                        .hasSize(TestScale.SMALL.znodes() / TestScale.SMALL.parents());
            } finally {
                zk.close();
            }
        }
    }

    /** The sum of the data versions of the 1,000 znodes under root, read by a client of the test's own. */
    private static long sumOfVersions(ServerHandle server, String root) throws Exception {
        ZooKeeper zk = Clients.connect(server.connectString());
        try {
            List<String> children = zk.getChildren(root, false);
            assertThat(children).hasSize(1_000);
            long sum = 0;
            for (String c : children) {
                Stat stat = zk.exists(root + "/" + c, false);
                sum += stat.getVersion();
            }
            return sum;
        } finally {
            zk.close();
        }
    }
}
