package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.arbor.it.ConnectedClient;
import io.arbor.it.ensemble.HistoryChecks.Child;
import io.arbor.it.ensemble.HistoryChecks.FinalState;
import io.arbor.it.ensemble.PartitionHistory.Op;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Arbor servers in processes of their own, every link between them and to the clients through proxies of
 * the test's, which a seeded schedule cuts (connections dropped) or stalls (bytes held) and heals, while clients
 * call setData with versions, getData (some right behind a sync), sequential creates and stats. The history is
 * then held to ZooKeeper's promises ({@link HistoryChecks}, {@link Linearizability}), and once everything is
 * healed every server must hold the same data, with every acknowledged write.
 *
 * <p>{@code -Darbor.partition.seed=N} replays a schedule (the seed is printed first), and
 * {@code -Darbor.partition.seconds=N} sets how long the faults go on (15 s by default);
 * {@code -Darbor.partition.syncedReads=false} leaves the reads behind a sync out of the linearizability check.
 * {@code -Darbor.partition.keep=true} keeps the servers' logs and the history of a run that passes too (under
 * arbor-it/target/partition-runs). A disabled test runs with
 * {@code -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}.
 */
class PartitionTest {
    private static final int SERVERS = 3;
    private static final int CLIENTS = 5;
    private static final int REGISTERS = 3;
    private static final int SESSION_TIMEOUT_MS = 6_000;
    private static final int BATCHES_PER_SECOND = 20;
    /** Search steps the checker may take per register: far above what a linearizable history needs. */
    private static final long CHECK_BUDGET = 2_000_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the servers' logs and the history stay for a failure
    Path dir;

    private PartitionedEnsemble ensemble;

    @AfterEach
    void stop() throws Exception {
        if (ensemble != null) {
            ensemble.close();
        }
        if (Boolean.getBoolean("arbor.partition.keep")) { // the logs and history of a run that passed, too
            Path kept = Path.of("target", "partition-runs", dir.getFileName().toString()).toAbsolutePath();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path f : files) {
                Path to = kept.resolve(dir.relativize(f));
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
            System.out.println("kept the servers' logs and the history in " + kept);
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.HOURS) // the run bounds itself, by its length
    void pipelinedCallsUnderPartitionsKeepZooKeepersGuarantees() {
        runBounded(true);
    }

    /** The same without pipelining, which cannot show answers out of order but checks all the rest. */
    @Test
    @Timeout(value = 6, unit = TimeUnit.HOURS) // the run bounds itself, by its length
    void oneCallAtATimeUnderPartitionsKeepsZooKeepersGuarantees() {
        runBounded(false);
    }

    private void runBounded(boolean pipelined) {
        long seed = Long.getLong("arbor.partition.seed", new SecureRandom().nextLong());
        int seconds = Integer.getInteger("arbor.partition.seconds", 15);
        boolean syncedReads = Boolean.parseBoolean(System.getProperty("arbor.partition.syncedReads", "true"));
        System.out.printf("PartitionTest (%s) seed=%d seconds=%d (replay: -Darbor.partition.seed=%d"
                + " -Darbor.partition.seconds=%d)%n", pipelined ? "pipelined" : "one call at a time", seed, seconds,
                seed, seconds);
        assertTimeoutPreemptively(Duration.ofSeconds(150 + 2L * seconds),
                () -> run(seed, seconds, syncedReads, pipelined), "partition run with seed " + seed);
    }

    private void run(long seed, int seconds, boolean syncedReads, boolean pipelined) throws Exception {
        ensemble = PartitionedEnsemble.start(dir, SERVERS);
        long leader = ensemble.awaitLeader(Duration.ofSeconds(60));
        PartitionHistory history = new PartitionHistory();
        PartitionWorkload workload = new PartitionWorkload(ensemble.clientConnectString(), SESSION_TIMEOUT_MS, seed,
                REGISTERS, history, BATCHES_PER_SECOND, pipelined);
        Map<String, RegisterModel.State> initial;
        try (Direct zk = new Direct(ensemble.directConnectString(leader))) {
            initial = workload.createNodes(zk.zk);
        }
        List<PartitionSchedule.Fault> plan = PartitionSchedule.plan(seed, seconds * 1000L, SERVERS);
        System.out.println("Faults (seed " + seed + "):\n" + plan.stream().map(Object::toString)
                .collect(Collectors.joining("\n")));

        long started = System.nanoTime();
        java.time.LocalTime startedAt = java.time.LocalTime.now(); // to line the history up with the servers' logs
        PartitionNemesis nemesis = new PartitionNemesis(ensemble);
        OutOfOrderAnswers outOfOrder = new OutOfOrderAnswers();
        try {
            workload.start(CLIENTS);
            nemesis.run(plan);
            Awaitility.await("the schedule").atMost(Duration.ofSeconds(seconds + 30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> nemesis.log().size() == 2 * plan.size()
                            && System.nanoTime() - started >= seconds * 1_000_000_000L);
        } finally {
            nemesis.close();
        }
        // healed: the ensemble must serve again, and the clients get writes through
        long okBefore = okWrites(history);
        Awaitility.await("writes after healing").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> okWrites(history) >= okBefore + 50);
        workload.stop();
        workload.close();
        outOfOrder.close();
        List<Op> ops = history.ops();
        Path historyFile = dir.resolve("history.txt");
        Files.writeString(historyFile, "nanoTime " + started + " was " + startedAt + "\n"
                + ops.stream().map(Op::toString).collect(Collectors.joining("\n"))
                + "\n\nnemesis:\n" + String.join("\n", nemesis.log()) + "\n");
        System.out.println(summary(ops, workload, nemesis) + "\nacknowledged calls per second: "
                + perSecond(ops, started) + "\nhistory in " + historyFile);

        FinalState end = settledState(workload);

        HistoryChecks checks = new HistoryChecks(ops, initial, PartitionWorkload.SEQUENTIAL_PREFIX, end);
        Linearizability.Result registers = Linearizability.checkEach(new RegisterModel(initial.values().iterator()
                .next()), checks.registerHistories(syncedReads), CHECK_BUDGET);
        Linearizability.Result creates = Linearizability.check(new SequenceModel(), checks.createHistory(),
                CHECK_BUDGET);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(workload.problems()).as("errors no partition explains").isEmpty();
        soft.assertThat(history.unanswered()).as("calls never answered").isZero();
        soft.assertThat(outOfOrder.seen()).as("answers the stock client got out of call order").isEmpty();
        soft.assertThat(checks.violations()).as("session order, sequential consistency, acknowledged writes").isEmpty();
        soft.assertThat(registers.ok()).as("registers linearizable: " + registers.explanation()).isTrue();
        soft.assertThat(creates.ok()).as("sequential creates linearizable: " + creates.explanation()).isTrue();
        long checked = checks.registerHistories(syncedReads).values().stream().mapToLong(List::size).sum();
        System.out.println("checked for linearizability: " + checked + " register operations (synced reads "
                + (syncedReads ? "included" : "left out") + "), " + checks.createHistory().size()
                + " creates; search steps: registers " + registers.steps() + ", creates " + creates.steps());
        if (!soft.wasSuccess()) {
            System.out.println("FAILED with seed " + seed + "; servers' logs and the history in " + dir);
        }
        soft.assertAll();
    }

    private static long okWrites(PartitionHistory history) {
        return history.ops().stream().filter(o -> o.ok() && (o.call().kind() == PartitionHistory.Kind.SET
                || o.call().kind() == PartitionHistory.Kind.CREATE)).count();
    }

    /** A client on one server itself, past the proxies. */
    private static final class Direct implements AutoCloseable {
        final ZooKeeper zk;

        Direct(String connectString) {
            zk = ConnectedClient.open(ZooKeeper::new, connectString, SESSION_TIMEOUT_MS, e -> { });
        }

        @Override
        public void close() throws InterruptedException {
            zk.close();
        }
    }

    /**
     * Waits until every server has applied all the leader has, then reads the registers and the sequential
     * nodes on each: they must be the same everywhere.
     */
    private FinalState settledState(PartitionWorkload workload) throws Exception {
        long leader = ensemble.awaitLeader(Duration.ofSeconds(60));
        long target = ensemble.zxid(leader);
        FinalState first = null;
        long firstId = -1;
        for (long id : ensemble.ids()) {
            Awaitility.await("server " + id + " catches up to 0x" + Long.toHexString(target))
                    .atMost(Duration.ofSeconds(30)).until(() -> ensemble.zxid(id) >= target);
            FinalState state = readState(id, workload);
            if (first == null) {
                first = state;
                firstId = id;
            } else {
                assertThat(state).as("server " + id + " holds what server " + firstId + " holds").isEqualTo(first);
            }
        }
        return first;
    }

    private FinalState readState(long id, PartitionWorkload workload) throws Exception {
        try (Direct d = new Direct(ensemble.directConnectString(id))) {
            Map<String, RegisterModel.State> registers = new LinkedHashMap<>();
            for (String r : workload.registers()) {
                Stat stat = new Stat();
                byte[] data = d.zk.getData(r, false, stat);
                registers.put(r, new RegisterModel.State(stat.getVersion(), new String(data, StandardCharsets.UTF_8)));
            }
            Map<String, Child> children = new TreeMap<>();
            for (String name : d.zk.getChildren(PartitionWorkload.SEQUENTIAL_PARENT, false)) {
                String path = PartitionWorkload.SEQUENTIAL_PARENT + "/" + name;
                Stat stat = new Stat();
                byte[] data = d.zk.getData(path, false, stat);
                children.put(path, new Child(new String(data, StandardCharsets.UTF_8), stat.getCzxid()));
            }
            return new FinalState(registers, children);
        }
    }

    /** How many calls were answered ok in each second from {@code start}: where the ensemble stalled. */
    private static String perSecond(List<Op> ops, long start) {
        TreeMap<Long, Long> buckets = new TreeMap<>(ops.stream().filter(Op::ok).collect(Collectors.groupingBy(
                o -> (o.end() - start) / 1_000_000_000L, Collectors.counting())));
        long last = buckets.isEmpty() ? -1 : buckets.lastKey();
        StringBuilder sb = new StringBuilder();
        for (long s = 0; s <= last; s++) {
            sb.append(s == 0 ? "" : " ").append(buckets.getOrDefault(s, 0L));
        }
        return sb.toString();
    }

    private static String summary(List<Op> ops, PartitionWorkload workload, PartitionNemesis nemesis) {
        Map<String, Long> counts = ops.stream().collect(Collectors.groupingBy(
                o -> o.call().kind() + " " + o.result().outcome(), TreeMap::new, Collectors.counting()));
        return "operations: " + ops.size() + " " + counts + "\nexpired sessions: " + workload.expiredSessions()
                + "\nnemesis:\n" + String.join("\n", nemesis.log());
    }
}
