package io.arbor.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.Id;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.request.CreateRequest;
import io.arbor.protocol.request.PathVersionRequest;
import io.arbor.protocol.txn.CloseSessionTxn;
import io.arbor.protocol.txn.CreateTxn;
import io.arbor.server.auth.AclChecker;
import io.arbor.server.auth.AuthProviders;
import io.arbor.server.session.Session;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.tree.DataTree;
import io.arbor.server.watch.WatchManager;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PREPARE on its own, with nothing applied: every decision rests on the tree plus the changes in flight,
 * which is where the session-close races live.
 */
class PrepareStageTest {
    private final DataTree tree = new DataTree(new WatchManager());
    private final SessionTracker sessions = new SessionTracker(1, 1000, System::currentTimeMillis, s -> { });
    private final PrepareStage prepare = new PrepareStage(tree, sessions,
            new AclChecker(AuthProviders.defaults(), false), new PrepareStage.Settings(false, false));
    private final List<Id> ids = List.of(new Id("ip", "127.0.0.1"));

    @AfterEach
    void close() {
        sessions.close();
    }

    private Request run(Session s, int op, io.arbor.protocol.Record body) {
        Request r = new Request(null, s.id(), 1, op, body, ids);
        prepare.prepare(r);
        return r;
    }

    private Request createEphemeral(Session s, String path) {
        return run(s, OpCode.CREATE, new CreateRequest(path, new byte[0], Acl.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL.flag, -1));
    }

    private static List<String> closedPaths(Request close) {
        return ((CloseSessionTxn) close.txn.body()).paths();
    }

    @Test
    void aCloseListsEphemeralsWhoseCreateIsStillInFlight() {
        Session s = sessions.create(5000);
        assertThat(createEphemeral(s, "/a").err).isZero();
        assertThat(createEphemeral(s, "/b").err).isZero();
        Request close = run(s, OpCode.CLOSE_SESSION, null);
        assertThat(closedPaths(close)).containsExactly("/a", "/b");
        // and what the session sends after its close fails
        assertThat(createEphemeral(s, "/c").err).isEqualTo(ErrorCode.SESSION_EXPIRED);
    }

    @Test
    void aCloseLeavesANodeThatAnotherSessionRecreatedInFlight() {
        Session s = sessions.create(5000);
        Session t = sessions.create(5000);
        Request created = createEphemeral(s, "/x");
        tree.apply(created.txn); // applied: the tree now lists /x among S's ephemerals
        prepare.applied(created);
        assertThat(run(s, OpCode.DELETE, new PathVersionRequest("/x", -1)).err).isZero();
        Request recreate = createEphemeral(t, "/x");
        assertThat(((CreateTxn) recreate.txn.body()).ephemeralOwner()).isEqualTo(t.id());
        assertThat(closedPaths(run(s, OpCode.CLOSE_SESSION, null))).isEmpty();
        // T's node is still there for PREPARE: a third create of /x must fail
        assertThat(createEphemeral(sessions.create(5000), "/x").err).isEqualTo(ErrorCode.NODE_EXISTS);
    }

    @Test
    void aSecondCloseOfTheSameSessionMakesNoTxn() {
        Session s = sessions.create(5000);
        createEphemeral(s, "/y");
        assertThat(run(s, OpCode.CLOSE_SESSION, null).txn).isNotNull();
        Request again = run(s, OpCode.CLOSE_SESSION, null);
        assertThat(again.txn).isNull();
        assertThat(again.err).isZero();
    }
}
