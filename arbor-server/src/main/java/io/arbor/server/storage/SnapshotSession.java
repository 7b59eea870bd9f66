package io.arbor.server.storage;

/** A session as a snapshot holds it: enough for a recovered server to let its client re-attach. */
public record SnapshotSession(long id, int timeout, byte[] password) {
    /** The open sessions as a snapshot holds them. */
    public static java.util.List<SnapshotSession> of(java.util.Collection<io.arbor.server.session.Session> open) {
        java.util.List<SnapshotSession> out = new java.util.ArrayList<>(open.size());
        for (io.arbor.server.session.Session s : open) {
            out.add(new SnapshotSession(s.id(), s.timeout(), s.password()));
        }
        return out;
    }

    /** The session again, to be tracked (it gets a fresh timeout from whoever tracks it). */
    public io.arbor.server.session.Session toSession() {
        return new io.arbor.server.session.Session(id, timeout, password);
    }
}
