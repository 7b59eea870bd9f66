package io.arbor.client;

import io.arbor.protocol.OpCode;
import io.arbor.protocol.PathValidator;
import io.arbor.protocol.request.MultiOp;
import io.arbor.protocol.request.PathWatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A multiRead being built: getData and getChildren answered together from one view of the tree. Unlike a
 * {@link Transaction} each op succeeds or fails alone: a failed op is an {@link OpResult.Error} in the list.
 */
public final class ReadTransaction {
    private final ArborClient client;
    private final Chroot chroot;
    private final List<MultiOp> ops = new ArrayList<>();
    private final List<String> clientPaths = new ArrayList<>();

    ReadTransaction(ArborClient client, Chroot chroot) {
        this.client = client;
        this.chroot = chroot;
    }

    public ReadTransaction getData(String path) {
        return add(OpCode.GET_DATA, path);
    }

    public ReadTransaction getChildren(String path) {
        return add(OpCode.GET_CHILDREN, path);
    }

    public CompletableFuture<List<OpResult>> commitAsync() {
        return client.multiAsync(OpCode.MULTI_READ, List.copyOf(ops), List.copyOf(clientPaths));
    }

    public List<OpResult> commit() throws ArborException, InterruptedException {
        return ArborClient.await(commitAsync());
    }

    private ReadTransaction add(int op, String path) {
        String problem = PathValidator.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + problem);
        }
        ops.add(new MultiOp(op, new PathWatchRequest(chroot.prepend(path), false)));
        clientPaths.add(path);
        return this;
    }
}
