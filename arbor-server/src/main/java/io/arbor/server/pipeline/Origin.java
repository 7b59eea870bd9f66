package io.arbor.server.pipeline;

import io.arbor.protocol.Record;
import io.arbor.server.session.Session;

/** Where a request came from and where its answer goes: a client connection (internal requests have none). */
public interface Origin {
    /** The answer to a request, called by the pipeline in the order the requests were submitted. */
    void complete(Request request, long zxid, int err, Record body);

    /** The createSession txn of a new connection is applied: answer the handshake. */
    void sessionCreated(Session session);

    /** The createSession txn of a new connection could not be logged: the session does not exist. */
    void sessionRefused(Session session);

    /** The session this origin holds expired and is closed: drop the connection. */
    default void sessionExpired() {
    }

    /**
     * The id of the ensemble member that forwarded the request (a follower's client), or -1: its answer is given
     * there, so an answer without a txn travels in the Raft log to keep its place among the session's answers.
     */
    default long forwardedBy() {
        return -1;
    }

    /** This server cannot go on serving the connection (it lost the ensemble's leader): close it. */
    default void disconnect() {
    }
}
