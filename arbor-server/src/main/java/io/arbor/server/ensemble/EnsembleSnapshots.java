package io.arbor.server.ensemble;

import io.arbor.server.pipeline.ApplyStage;
import io.arbor.server.replication.ReplicatedLog;
import io.arbor.server.replication.StateSnapshots;
import io.arbor.server.session.Session;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.storage.Snapshot;
import io.arbor.server.storage.SnapshotReader;
import io.arbor.server.storage.SnapshotSession;
import io.arbor.server.storage.SnapshotWriter;
import io.arbor.server.tree.DataTree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ensemble member's Raft snapshots in Arbor's snapshot format: written fuzzily as the standalone server's
 * are (the tree is walked while APPLY goes on; the zxid recorded is the one APPLY had reached when the walk
 * began, and replaying the log after it repairs what the walk saw half-done), loaded on APPLY's thread.
 */
final class EnsembleSnapshots implements StateSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(EnsembleSnapshots.class);

    private final DataTree tree;
    private final SessionTracker sessions;
    private final ApplyStage apply;
    private final ReplicatedLog log;
    private final int maxRecordBytes;
    private final Runnable beforeLoad;

    /** {@code beforeLoad}: what must happen before the state is replaced (the clients are dropped). */
    EnsembleSnapshots(DataTree tree, SessionTracker sessions, ApplyStage apply, ReplicatedLog log, int maxRecordBytes,
            Runnable beforeLoad) {
        this.tree = tree;
        this.sessions = sessions;
        this.apply = apply;
        this.log = log;
        this.maxRecordBytes = maxRecordBytes;
        this.beforeLoad = beforeLoad;
    }

    @Override
    public void write(Path file) throws IOException {
        long zxid = onApply(() -> tree.lastProcessedZxid());
        List<SnapshotSession> open = new ArrayList<>();
        for (Session s : sessions.all()) {
            open.add(new SnapshotSession(s.id(), s.timeout(), s.password()));
        }
        SnapshotWriter.Written w = SnapshotWriter.writeFile(file, zxid, open, tree::walk);
        LOG.debug("Snapshot of zxid 0x{}: {} nodes, {} bytes", Long.toHexString(zxid), w.nodes(), w.bytes());
    }

    @Override
    public void load(Path file) throws IOException {
        Snapshot snapshot = SnapshotReader.readNamedOtherwise(file, maxRecordBytes);
        beforeLoad.run();
        onApply(() -> {
            tree.load(snapshot.nodes(), snapshot.zxid());
            List<Session> loaded = new ArrayList<>();
            for (SnapshotSession s : snapshot.sessions()) {
                loaded.add(new Session(s.id(), s.timeout(), s.password()));
            }
            sessions.replaceAll(loaded);
            log.restartFrom(snapshot.zxid());
            return null;
        });
        LOG.info("Loaded snapshot {}: zxid 0x{}, {} nodes, {} sessions", file.getFileName(),
                Long.toHexString(snapshot.zxid()), snapshot.nodes().size(), snapshot.sessions().size());
    }

    /** Runs {@code step} on APPLY's thread once everything queued there before it is applied. */
    private <T> T onApply(java.util.function.Supplier<T> step) throws IOException {
        CompletableFuture<T> done = new CompletableFuture<>();
        apply.runAfterQueued(() -> {
            try {
                done.complete(step.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for APPLY");
        } catch (ExecutionException e) {
            throw new IOException("APPLY could not " + (e.getCause() == null ? "go on" : e.getCause().getMessage()),
                    e.getCause());
        }
    }
}
