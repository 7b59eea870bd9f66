package io.arbor.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.Acl;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.Record;
import io.arbor.protocol.request.CreateRequest;
import io.arbor.protocol.request.SetDataRequest;
import io.arbor.server.auth.AclChecker;
import io.arbor.server.auth.AuthProviders;
import io.arbor.server.config.ServerSpec;
import io.arbor.server.pipeline.ApplyStage;
import io.arbor.server.pipeline.Origin;
import io.arbor.server.pipeline.PrepareStage;
import io.arbor.server.pipeline.Request;
import io.arbor.server.session.Session;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.tree.DataNode;
import io.arbor.server.tree.DataTree;
import io.arbor.server.watch.WatchManager;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ensemble's chain without the client port: PREPARE on the leader, the txns through the Raft log, APPLY on
 * every member. Every member ends with the same tree, node for node and Stat for Stat; the leader answers each
 * request in PREPARE's order, errors in their place, only once its txn is committed.
 */
class ReplicatedPipelineTest {
    // elections take 2-4 ticks: long enough that a loaded machine does not depose the leader mid-test
    private static final int TICK_MS = 400;

    @TempDir
    Path dir;

    private final List<Member> members = new ArrayList<>();

    /** One server's pipeline on its Raft member. */
    private static final class Member implements AutoCloseable {
        final DataTree tree = new DataTree(new WatchManager());
        final SessionTracker sessions = new SessionTracker(1, TICK_MS, System::currentTimeMillis, s -> { });
        final PrepareStage prepare = new PrepareStage(tree, sessions, new AclChecker(AuthProviders.defaults(), false),
                new PrepareStage.Settings(false, false));
        final ApplyStage apply = new ApplyStage(tree, sessions, prepare, r -> { });
        final ReplicatedLog log = new ReplicatedLog(apply, 0, 0);
        RaftNode node;

        Member start(long id, Map<Long, ServerSpec> servers, Path storage) throws Exception {
            apply.start();
            node = RaftNode.start(id, servers, storage, new TxnStateMachine(log::applied, log::answeredInLog, log::skipped), TICK_MS);
            log.attach(node);
            prepare.start(log);
            return this;
        }

        @Override
        public void close() throws Exception {
            prepare.close();
            log.close();
            node.close();
            apply.close();
        }
    }

    /** Records each answer: the request's xid, error code and the zxid it was answered at. */
    private static final class Answers implements Origin {
        final List<String> answers = new CopyOnWriteArrayList<>();

        @Override
        public void complete(Request request, long zxid, int err, Record body) {
            answers.add(request.xid + ":" + err);
        }

        @Override
        public void sessionCreated(Session session) {
        }

        @Override
        public void sessionRefused(Session session) {
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Member m : members) {
            m.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLeadersTxnsReachEveryTreeInOrderAndItsAnswersKeepPreparesOrder() throws Exception {
        Map<Long, ServerSpec> servers = new LinkedHashMap<>();
        for (long id = 1; id <= 3; id++) {
            servers.put(id, new ServerSpec(id, "127.0.0.1", freePort(), freePort(), false, null, -1));
        }
        for (long id = 1; id <= 3; id++) {
            members.add(new Member().start(id, servers, dir.resolve("s" + id)));
        }
        Member leader = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> members.stream().filter(m -> m.node.isLeader()).findFirst().orElse(null), m -> m != null);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(leader.node::isLeaderReady);
        leader.log.lead(leader.node.term());
        // session 0 is the server's own (no session or ACL checks), which is all PREPARE needs here
        Answers origin = new Answers();
        List<String> expected = new ArrayList<>();
        int xid = 0;
        for (int i = 0; i < 300; i++) {
            xid++;
            leader.prepare.submit(new Request(origin, 0, xid, OpCode.CREATE,
                    new CreateRequest("/n" + i, utf8("v" + i), Acl.OPEN_ACL_UNSAFE, 0, 0), List.of()));
            expected.add(xid + ":" + ErrorCode.OK);
            if (i % 50 == 0) { // an error between writes: answered in its place
                xid++;
                leader.prepare.submit(new Request(origin, 0, xid, OpCode.CREATE,
                        new CreateRequest("/n" + i, utf8("again"), Acl.OPEN_ACL_UNSAFE, 0, 0), List.of()));
                expected.add(xid + ":" + ErrorCode.NODE_EXISTS);
            }
            xid++;
            leader.prepare.submit(new Request(origin, 0, xid, OpCode.SET_DATA,
                    new SetDataRequest("/n" + i, utf8("w" + i), 0), List.of()));
            expected.add(xid + ":" + ErrorCode.OK);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> origin.answers.size() == expected.size());
        assertThat(origin.answers).containsExactlyElementsOf(expected);

        long last = leader.tree.lastProcessedZxid();
        for (Member m : members) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> m.tree.lastProcessedZxid() == last);
        }
        for (int i = 0; i < 300; i++) {
            DataNode want = leader.tree.get("/n" + i);
            assertThat(want.version()).isEqualTo(1);
            for (Member m : members) {
                DataNode got = m.tree.get("/n" + i);
                assertThat(got).as("/n%d on every member", i).isNotNull();
                assertThat(got.stat()).isEqualTo(want.stat());
                assertThat(got.data()).isEqualTo(utf8("w" + i));
            }
        }
    }
}
