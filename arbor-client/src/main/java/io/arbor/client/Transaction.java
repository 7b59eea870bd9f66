package io.arbor.client;

import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.PathValidator;
import io.arbor.protocol.request.CreateRequest;
import io.arbor.protocol.request.MultiOp;
import io.arbor.protocol.request.PathVersionRequest;
import io.arbor.protocol.request.SetDataRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A multi being built: creates, setData, version checks and deletes that the server applies all or none, in
 * order. {@link #commit} returns one {@link OpResult} per op; when one op fails nothing is applied and the call
 * fails with that op's error, whose {@link ArborException#results()} tells what each op came to.
 */
public final class Transaction {
    private final ArborClient client;
    private final Chroot chroot;
    private final List<MultiOp> ops = new ArrayList<>();
    private final List<String> clientPaths = new ArrayList<>();

    Transaction(ArborClient client, Chroot chroot) {
        this.client = client;
        this.chroot = chroot;
    }

    public Transaction create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        if (mode.ttl) {
            throw new IllegalArgumentException("use create(path, data, acl, mode, ttl) for a TTL mode");
        }
        return add(mode.container ? OpCode.CREATE_CONTAINER : OpCode.CREATE2, path, mode.sequential,
                s -> new CreateRequest(s, data, acl, mode.flag, -1));
    }

    /** Creates a node that the server deletes once it has had no children and no change for {@code ttlMillis}. */
    public Transaction create(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMillis) {
        if (!mode.ttl) {
            throw new IllegalArgumentException(mode + " takes no ttl");
        }
        return add(OpCode.CREATE_TTL, path, mode.sequential, s -> new CreateRequest(s, data, acl, mode.flag, ttlMillis));
    }

    public Transaction setData(String path, byte[] data, int version) {
        return add(OpCode.SET_DATA, path, false, s -> new SetDataRequest(s, data, version));
    }

    /** Fails the transaction unless the node is at {@code version} (-1: unless it exists). */
    public Transaction check(String path, int version) {
        return add(OpCode.CHECK, path, false, s -> new PathVersionRequest(s, version));
    }

    public Transaction delete(String path, int version) {
        return add(OpCode.DELETE, path, false, s -> new PathVersionRequest(s, version));
    }

    public CompletableFuture<List<OpResult>> commitAsync() {
        return client.multiAsync(OpCode.MULTI, List.copyOf(ops), List.copyOf(clientPaths));
    }

    public List<OpResult> commit() throws ArborException, InterruptedException {
        return ArborClient.await(commitAsync());
    }

    private Transaction add(int op, String path, boolean sequential,
                            java.util.function.Function<String, io.arbor.protocol.Record> body) {
        String problem = PathValidator.problem(sequential ? path + "0" : path);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + problem);
        }
        ops.add(new MultiOp(op, body.apply(chroot.prepend(path))));
        clientPaths.add(path);
        return this;
    }
}
