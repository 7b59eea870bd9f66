package io.arbor.server.pipeline;

import io.arbor.protocol.Record;
import io.netty.buffer.ByteBuf;

/**
 * The body an ensemble's leader gives a reconfig once Raft has committed the new membership: PREPARE turns it
 * into the setData of /zookeeper/config ({@code members}, then {@code version=} the txn's zxid in hex), or,
 * with an error code, answers the reconfig with it in its place among the session's requests. It never
 * leaves the leader.
 */
public record ConfigChange(String members, int err) implements Record {
    public static ConfigChange to(String members) {
        return new ConfigChange(members, 0);
    }

    public static ConfigChange refused(int err) {
        return new ConfigChange(null, err);
    }

    @Override
    public void write(ByteBuf out) {
        throw new UnsupportedOperationException("a membership change is made on the leader and never sent");
    }
}
