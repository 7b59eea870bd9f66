package io.arbor.server.replication;

import io.arbor.protocol.txn.Txn;

/**
 * One item of a Raft log entry, in the order the leader's PREPARE produced them: a txn every member applies, or
 * the answer to a request a follower forwarded that made no txn (an error, a sync). Answers travel in the log
 * so that the follower gives them in their place among the session's other answers, after everything before
 * them is applied, whatever the network does.
 */
public sealed interface LogItem permits LogItem.Write, LogItem.Answer {
    /** A txn: applied by every member. */
    record Write(Txn txn) implements LogItem {}

    /** A forwarded request's answer without a txn: given by the member that forwarded it, in log order. */
    record Answer(long sessionId, int xid, int err, int[] multiErrors) implements LogItem {}
}
