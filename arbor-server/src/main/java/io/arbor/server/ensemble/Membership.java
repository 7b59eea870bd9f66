package io.arbor.server.ensemble;

import io.arbor.server.pipeline.PrepareStage;
import io.arbor.server.pipeline.Request;
import java.util.concurrent.CompletableFuture;

/**
 * This server's place in the ensemble, as its client connections see it: whether it takes clients now, where
 * their writes go, and how a session that moves here is checked. Standalone, every write goes to this server's
 * own PREPARE and every session is known here.
 */
public interface Membership {
    /** What srvr, stat, mntr and the admin API print as the server's mode. */
    String mode();

    /** Null when this server takes clients now; otherwise why not (a connection is refused with it). */
    default String notServing() {
        return null;
    }

    /** A client's write (or createSession): prepared here, or forwarded to the leader. */
    void submitWrite(Request r);

    /**
     * A client re-attaches session {@code sessionId} here. Completes (on any thread) once this server's state is
     * recent enough to check the session against, with false when the leader says it is gone; exceptionally when
     * this server cannot tell now (the connection is then closed, and the client tries again).
     */
    default CompletableFuture<Boolean> reattach(long sessionId) {
        return CompletableFuture.completedFuture(true);
    }

    /** The leader as this server knows it: for the admin API's leader command. */
    record Leader(boolean isThisServer, long id, String host) {}

    /** The leader this server follows or is, if any (none standalone, or while there is none). */
    default java.util.Optional<Leader> leader() {
        return java.util.Optional.empty();
    }

    /** The voting members, id to their server.N value (empty standalone). */
    default java.util.Map<Long, String> votingMembers() {
        return java.util.Map.of();
    }

    /**
     * What mntr adds for this server's place in the ensemble, without the zk_ prefix (a leader's learners, as
     * ZooKeeper's leader reports them); nothing standalone.
     */
    default java.util.Map<String, Object> monitorValues() {
        return java.util.Map.of();
    }

    /** A standalone server: its own PREPARE takes every write. */
    static Membership standalone(PrepareStage prepare) {
        return new Membership() {
            @Override
            public String mode() {
                return "standalone";
            }

            @Override
            public void submitWrite(Request r) {
                prepare.submit(r);
            }
        };
    }
}
