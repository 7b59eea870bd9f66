package io.arbor.server.storage;

/** A session as a snapshot holds it: enough for a recovered server to let its client re-attach. */
public record SnapshotSession(long id, int timeout, byte[] password) {
}
