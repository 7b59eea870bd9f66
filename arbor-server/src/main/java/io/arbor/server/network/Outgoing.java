package io.arbor.server.network;

import io.arbor.protocol.Record;

/**
 * One frame queued for a connection: a reply header and body, or (raw) a body alone for the handshake.
 * Encoded on the connection's event loop when the queue is flushed, many frames to one buffer.
 */
record Outgoing(int xid, long zxid, int err, Record body, boolean raw, boolean closeAfter) {
    static Outgoing reply(int xid, long zxid, int err, Record body) {
        return new Outgoing(xid, zxid, err, body, false, false);
    }
}
