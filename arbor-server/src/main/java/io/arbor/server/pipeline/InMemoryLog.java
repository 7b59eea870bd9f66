package io.arbor.server.pipeline;

import java.util.function.Consumer;

/**
 * The LOG stage kept in memory: nothing is written, every request goes straight on to APPLY. It stands in
 * for the durable txn log behind the same interface.
 */
public final class InMemoryLog implements LogStage {
    private final Consumer<Request> apply;

    public InMemoryLog(Consumer<Request> apply) {
        this.apply = apply;
    }

    @Override
    public void submit(Request request) {
        apply.accept(request);
    }

    @Override
    public void close() {
    }
}
