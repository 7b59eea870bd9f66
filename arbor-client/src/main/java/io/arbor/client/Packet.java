package io.arbor.client;

import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One request on its way: what to send, how to read the answer, the future to complete, and the watch to leave
 * when the answer says so. The xid is given when the request is written, so xids follow the wire order.
 */
final class Packet<T> {
    final int opCode;
    final Record body;
    final String clientPath;
    final String serverPath;
    final Function<ByteBuf, T> decoder;
    final CompletableFuture<T> future = new CompletableFuture<>();
    /** The answer when the server says NoNode and that is an answer, not an error (exists); else null. */
    final T onNoNode;
    /** The watch to set on success (null for none); exists sets an EXIST watch instead when the node is absent. */
    final WatchRegistry.Kind watchKind;
    final Watcher watcher;
    /** For removeWatches and removeAllWatches: the watches to take out here once the server was asked. */
    WatchRemoval removal;
    int xid;
    /** When the request fails with a timeout if still unanswered (see {@link RequestDeadlines}); set on submit. */
    long deadline;

    Packet(int opCode, Record body, String clientPath, String serverPath, Function<ByteBuf, T> decoder, T onNoNode,
           WatchRegistry.Kind watchKind, Watcher watcher) {
        this.opCode = opCode;
        this.body = body;
        this.clientPath = clientPath;
        this.serverPath = serverPath;
        this.decoder = decoder;
        this.onNoNode = onNoNode;
        this.watchKind = watchKind;
        this.watcher = watcher;
    }

    ArborException error(int code) {
        return ArborException.of(code, clientPath);
    }

    boolean answersNoNode(int err) {
        return err == ErrorCode.NO_NODE && onNoNode != null;
    }
}
