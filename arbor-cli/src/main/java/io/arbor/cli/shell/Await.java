package io.arbor.cli.shell;

import io.arbor.client.ArborException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits for one of the client's futures, for the few operations that have no blocking form with a watcher. */
final class Await {
    private Await() {}

    static <T> T result(CompletableFuture<T> future) throws ArborException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ArborException ae) {
                throw ae;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
