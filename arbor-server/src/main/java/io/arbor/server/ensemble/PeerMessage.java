package io.arbor.server.ensemble;

import io.arbor.protocol.Id;
import java.util.List;

/**
 * What ensemble members say to each other beside Raft, on the link from a follower (or observer) to the leader:
 * the follower forwards its clients' writes and session touches and asks about sessions that move to it; the
 * leader answers what does not come back through the log (errors, sync, whether a session is valid), each with
 * the zxid the follower must have applied before it answers its client.
 */
public sealed interface PeerMessage {
    /** Follower -> leader, first on a link: who is speaking. */
    record Hello(long serverId) implements PeerMessage {}

    /**
     * Follower -> leader: a client's write (or createSession, with its timeout and password), with the
     * connection's authenticated ids for the ACL checks; {@code body} is the request's Jute encoding.
     */
    record Forward(long sessionId, int xid, int op, List<Id> authIds, int timeout, byte[] password, byte[] body)
            implements PeerMessage {}

    /** Follower -> leader: sessions whose clients were heard from since the last touch. */
    record Touch(List<Long> sessionIds) implements PeerMessage {}

    /** Follower -> leader: a client re-attaches this session here; the follower becomes its owner. */
    record Reattach(long sessionId) implements PeerMessage {}

    /**
     * Leader -> follower: a forwarded request that made no txn (an error, or sync), to be answered once the
     * follower has applied {@code zxid}; {@code multiErrors} are a failed multi's per-op results (else null).
     */
    record Answer(long sessionId, int xid, int err, long zxid, int[] multiErrors) implements PeerMessage {}

    /**
     * Leader -> follower, the answer to Hello: the leader takes the link; the follower serves clients once it
     * has applied {@code zxid} (all the leader had prepared then).
     */
    record Welcome(long zxid) implements PeerMessage {}

    /** Leader -> follower: whether the session asked about is open, as of the leader's {@code zxid}. */
    record Reattached(long sessionId, boolean valid, long zxid) implements PeerMessage {}
}
