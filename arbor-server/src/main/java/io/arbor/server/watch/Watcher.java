package io.arbor.server.watch;

import io.arbor.protocol.Acl;
import java.util.List;

/** Something that receives watch events: a client connection. */
public interface Watcher {
    long sessionId();

    /**
     * Queues an event for delivery. Called by APPLY while it holds the changed node's stripe lock, so the
     * event is queued before any reply that could show the change. {@code acl} is the node's ACL: an event
     * is only delivered to a watcher allowed to READ the node.
     */
    void deliver(int eventType, String path, long zxid, List<Acl> acl);

    /**
     * True once the watcher has gone (its connection closed) and swept its watches, or is about to: a watch
     * registered after that would never be cleaned up.
     */
    default boolean isClosed() {
        return false;
    }
}
