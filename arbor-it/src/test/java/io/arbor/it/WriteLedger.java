package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Every write the crash test attempted and every one a client saw acknowledged, and the check of a recovered
 * server against them: each acknowledged write is there, and nothing appears that was never attempted.
 *
 * <p>Three kinds of node: plain creates under {@link #NODES} (data fixed at create), sequential creates under
 * {@link #SEQ} (data names the attempt, so a recovered child maps back to it) and counters under
 * {@link #COUNTERS} changed by setData with an expected version (data "v&lt;n&gt;" where n is the version the
 * write gives the node, so data and version must agree after recovery).
 */
final class WriteLedger {
    static final String ROOT = "/crash";
    static final String NODES = ROOT + "/nodes";
    static final String SEQ = ROOT + "/seq";
    static final String COUNTERS = ROOT + "/counters";

    private final Map<String, byte[]> attemptedCreates = new ConcurrentHashMap<>();
    private final Map<String, byte[]> ackedCreates = new ConcurrentHashMap<>();
    /** Data of each attempted sequential create (unique per attempt). */
    private final Set<String> attemptedSeq = ConcurrentHashMap.newKeySet();
    /** Path the server gave an acknowledged sequential create -> its data. */
    private final Map<String, String> ackedSeq = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxAttemptedVersion = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxAckedVersion = new ConcurrentHashMap<>();
    private final AtomicLong acks = new AtomicLong();

    static byte[] counterData(int version) {
        return ("v" + version).getBytes(StandardCharsets.UTF_8);
    }

    void attemptCreate(String path, byte[] data) {
        attemptedCreates.put(path, data);
    }

    void ackCreate(String path) {
        ackedCreates.put(path, attemptedCreates.get(path));
        acks.incrementAndGet();
    }

    void attemptSequential(String data) {
        attemptedSeq.add(data);
    }

    void ackSequential(String createdPath, String data) {
        ackedSeq.put(createdPath, data);
        acks.incrementAndGet();
    }

    void attemptSetData(String counter, int newVersion) {
        maxAttemptedVersion.merge(counter, newVersion, Math::max);
    }

    void ackSetData(String counter, int newVersion) {
        maxAckedVersion.merge(counter, newVersion, Math::max);
        acks.incrementAndGet();
    }

    /** How many writes have been acknowledged so far, over all rounds. */
    long acknowledged() {
        return acks.get();
    }

    String summary() {
        return ackedCreates.size() + "/" + attemptedCreates.size() + " creates, " + ackedSeq.size() + "/"
                + attemptedSeq.size() + " sequential creates, " + sum(maxAckedVersion) + "/"
                + sum(maxAttemptedVersion) + " counter versions acknowledged/attempted";
    }

    private static int sum(Map<String, Integer> versions) {
        return versions.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Checks a recovered server and returns each counter's recovered version (where the next round's setData
     * calls start).
     */
    Map<String, Integer> verify(ZooKeeper zk) throws Exception {
        // plain creates: every acknowledged one with its data; no child that was never attempted
        List<String> nodes = zk.getChildren(NODES, false);
        Map<String, Read> nodeReads = readAll(zk, nodes.stream().map(n -> NODES + "/" + n).toList());
        for (Map.Entry<String, Read> e : nodeReads.entrySet()) {
            assertThat(attemptedCreates).as("a node nobody attempted to create").containsKey(e.getKey());
            assertThat(e.getValue().data()).as("data of " + e.getKey()).isEqualTo(attemptedCreates.get(e.getKey()));
        }
        assertThat(nodeReads.keySet()).as("acknowledged creates").containsAll(ackedCreates.keySet());

        // sequential creates: every acknowledged one at the path it was given; each child is one attempt
        List<String> seq = zk.getChildren(SEQ, false);
        Map<String, Read> seqReads = readAll(zk, seq.stream().map(n -> SEQ + "/" + n).toList());
        Map<String, String> dataToPath = new HashMap<>();
        for (Map.Entry<String, Read> e : seqReads.entrySet()) {
            String data = new String(e.getValue().data(), StandardCharsets.UTF_8);
            assertThat(attemptedSeq).as("sequential node " + e.getKey() + " from no attempt").contains(data);
            assertThat(dataToPath.put(data, e.getKey())).as("one attempt, two nodes: " + data).isNull();
        }
        for (Map.Entry<String, String> acked : ackedSeq.entrySet()) {
            assertThat(seqReads).as("acknowledged sequential create").containsKey(acked.getKey());
            assertThat(new String(seqReads.get(acked.getKey()).data(), StandardCharsets.UTF_8))
                    .as("data of " + acked.getKey()).isEqualTo(acked.getValue());
        }

        // counters: version at least the acknowledged one, at most the attempted one, data agreeing with it
        List<String> counters = zk.getChildren(COUNTERS, false);
        Map<String, Read> counterReads = readAll(zk, counters.stream().map(n -> COUNTERS + "/" + n).toList());
        assertThat(counterReads.keySet()).containsExactlyInAnyOrderElementsOf(maxAttemptedVersion.keySet());
        Map<String, Integer> versions = new HashMap<>();
        for (Map.Entry<String, Read> e : counterReads.entrySet()) {
            int version = e.getValue().stat().getVersion();
            assertThat(version).as("version of " + e.getKey())
                    .isGreaterThanOrEqualTo(maxAckedVersion.getOrDefault(e.getKey(), 0))
                    .isLessThanOrEqualTo(maxAttemptedVersion.get(e.getKey()));
            assertThat(new String(e.getValue().data(), StandardCharsets.UTF_8)).as("data of " + e.getKey())
                    .isEqualTo("v" + version);
            versions.put(e.getKey(), version);
        }
        return versions;
    }

    private record Read(byte[] data, Stat stat) {
    }

    /** getData of every path, pipelined (async) so that checking thousands of nodes takes little time. */
    private static Map<String, Read> readAll(ZooKeeper zk, List<String> paths) throws InterruptedException {
        Map<String, Read> out = new ConcurrentHashMap<>();
        List<String> failures = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(paths.size());
        for (String p : paths) {
            zk.getData(p, false, (rc, path, ctx, data, stat) -> {
                if (rc == KeeperException.Code.OK.intValue()) {
                    out.put(path, new Read(data == null ? new byte[0] : data, stat));
                } else {
                    synchronized (failures) {
                        failures.add(path + ": " + KeeperException.Code.get(rc));
                    }
                }
                done.countDown();
            }, null);
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).as("reads of " + paths.size() + " nodes answered").isTrue();
        assertThat(failures).as("reads of listed children").isEmpty();
        return out;
    }
}
