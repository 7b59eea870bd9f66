package io.arbor.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.txn.SetDataTxn;
import io.arbor.protocol.txn.Txn;
import io.arbor.protocol.txn.TxnHeader;
import io.arbor.server.config.ServerSpec;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ratis.protocol.RaftClientReply;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Raft members on loopback: txns submitted through any member are applied by every member in the same
 * order; the group goes on when its leader stops, and a member that comes back catches up from the log.
 */
class RaftNodeTest {
    // elections take 2-4 ticks: long enough that a loaded machine does not depose the leader mid-test
    private static final int TICK_MS = 400;

    @TempDir
    Path dir;

    private final Map<Long, ServerSpec> servers = new LinkedHashMap<>();
    private final Map<Long, RaftNode> nodes = new LinkedHashMap<>();
    private final Map<Long, List<Long>> applied = new LinkedHashMap<>();
    private final Map<Long, List<Long>> skipped = new LinkedHashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (RaftNode n : nodes.values()) {
            n.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void start(long id) throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        applied.put(id, seen);
        List<Long> dropped = new CopyOnWriteArrayList<>();
        skipped.put(id, dropped);
        nodes.put(id, RaftNode.start(id, servers, dir.resolve("s" + id), new TxnStateMachine(
                w -> seen.add(w.txn().zxid()), a -> { }, txns -> txns.forEach(t -> dropped.add(t.zxid()))), TICK_MS));
    }

    private static Txn txn(long zxid) {
        SetDataTxn body = new SetDataTxn("/n", ("v" + zxid).getBytes(StandardCharsets.UTF_8), (int) zxid);
        return new Txn(new TxnHeader(1, (int) zxid, zxid, zxid, body.type()), body);
    }

    private RaftNode leader() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> nodes.values().stream().filter(RaftNode::isLeaderReady).findFirst().orElse(null), n -> n != null);
    }

    /** One entry in flight at a time, as the leader's log stage submits them, tagged with the leader's term. */
    private void submit(RaftNode leader, long from, long to) throws Exception {
        for (long z = from; z <= to; z++) {
            CompletableFuture<RaftClientReply> reply = leader.submitLocal(TxnBatch.encode(leader.term(),
                    List.of(txn(z))));
            assertThat(reply.get().isSuccess()).isTrue();
        }
    }

    /**
     * The txns from..to that every member must have applied, in order: all of them, but for any that were
     * skipped because a leader change came between tagging them with a term and appending them (every member
     * skips the same ones).
     */
    private List<Long> range(long from, long to) {
        java.util.Set<Long> dropped = new java.util.HashSet<>();
        skipped.values().forEach(dropped::addAll);
        List<Long> out = new ArrayList<>();
        for (long z = from; z <= to; z++) {
            if (!dropped.contains(z)) {
                out.add(z);
            }
        }
        return out;
    }

    @Test
    void everyMemberAppliesTheSameTxnsInOrderThroughALeaderChangeAndARestart() throws Exception {
        for (long id = 1; id <= 3; id++) {
            servers.put(id, new ServerSpec(id, "127.0.0.1", freePort(), freePort(), false, null, -1));
        }
        for (long id = 1; id <= 3; id++) {
            start(id);
        }
        RaftNode first = leader();
        RaftNode follower = nodes.values().stream().filter(n -> n != first).findFirst().orElseThrow();
        // a follower cannot append: the leader's txns enter the log through the leader or not at all
        RaftClientReply refused = follower.submitLocal(TxnBatch.encode(first.term(), List.of(txn(1))))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(refused.isSuccess()).isFalse();
        assertThat(refused.getNotLeaderException()).isNotNull();
        submit(first, 1, 200);
        for (List<Long> seen : applied.values()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == range(1, 200).size());
            assertThat(seen).containsExactlyElementsOf(range(1, 200));
        }

        long firstId = nodes.entrySet().stream().filter(e -> e.getValue() == first).findFirst().orElseThrow().getKey();
        nodes.remove(firstId).close();
        RaftNode second = leader();
        assertThat(second).isNotSameAs(first);
        submit(second, 201, 300);
        for (long id : nodes.keySet()) {
            List<Long> seen = applied.get(id);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == range(1, 300).size());
            assertThat(seen).containsExactlyElementsOf(range(1, 300));
        }

        // txns prepared in an earlier term than the one they are appended in are skipped by every member alike
        RaftNode now = leader();
        assertThat(now.submitLocal(TxnBatch.encode(now.term() - 1, List.of(txn(9999)))).get().isSuccess()).isTrue();
        for (long id : nodes.keySet()) {
            List<Long> seen = applied.get(id);
            List<Long> dropped = skipped.get(id);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dropped.contains(9999L));
            assertThat(seen).containsExactlyElementsOf(range(1, 300));
        }

        start(firstId); // the same storage: it replays its log, then catches up on what it missed
        List<Long> back = applied.get(firstId);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> back.size() >= range(1, 300).size());
        assertThat(back).containsExactlyElementsOf(range(1, 300));
        // one txn at a time is in flight, so a leader change can cost at most the one it caught
        assertThat(range(1, 300)).as("txns skipped at leader changes").hasSizeGreaterThanOrEqualTo(297);
    }
}
