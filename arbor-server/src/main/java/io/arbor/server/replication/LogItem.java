package io.arbor.server.replication;

import io.arbor.protocol.txn.Txn;

/**
 * One item of a Raft log entry, in the order the leader's PREPARE produced them: a txn every member applies, or
 * the answer to a request a follower forwarded that made no txn (an error, a sync). Answers travel in the log
 * so that the follower gives them in their place among the session's other answers, after everything before
 * them is applied, whatever the network does.
 */
public sealed interface LogItem permits LogItem.Write, LogItem.Answer {
    /** {@code forwardedBy} of an item that no follower forwarded (the leader's own, or internal). */
    long NOT_FORWARDED = -1;

    /**
     * The id of the member that forwarded the request, which answers it: session id and xid alone do not say
     * which request it was, since a session's client may have moved and its new connection numbers its
     * requests afresh.
     */
    long forwardedBy();

    /** A txn: applied by every member, and answered by the member that forwarded its request, if one did. */
    record Write(long forwardedBy, Txn txn) implements LogItem {
        public Write(Txn txn) {
            this(NOT_FORWARDED, txn);
        }
    }

    /** A forwarded request's answer without a txn: given by the member that forwarded it, in log order. */
    record Answer(long forwardedBy, long sessionId, int xid, int err, int[] multiErrors) implements LogItem {}
}
