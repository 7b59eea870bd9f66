package io.arbor.server.pipeline;

/**
 * LOG: makes txns durable (standalone: the txn log, fsynced in groups; ensemble: replicated to a majority)
 * and hands every request on to APPLY in the order it was given, once what precedes it is durable.
 * Requests without a txn (errors, sync) keep their place in that order.
 */
public interface LogStage extends AutoCloseable {
    /** Called by PREPARE's thread only, in zxid order. */
    void submit(Request request);

    @Override
    void close();
}
