package io.arbor.server.ensemble;

import io.arbor.server.pipeline.ApplyStage;
import io.arbor.server.replication.ReplicatedLog;
import io.arbor.server.replication.StateSnapshots;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.storage.Snapshot;
import io.arbor.server.storage.SnapshotReader;
import io.arbor.server.storage.SnapshotSession;
import io.arbor.server.storage.SnapshotWriter;
import io.arbor.server.tree.DataTree;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
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
        SnapshotWriter.Written w = SnapshotWriter.writeFile(file, zxid, SnapshotSession.of(sessions.all()), tree::walk);
        LOG.debug("Snapshot of zxid 0x{}: {} nodes, {} bytes", Long.toHexString(zxid), w.nodes(), w.bytes());
    }

    @Override
    public void load(Path file) throws IOException {
        Snapshot snapshot = SnapshotReader.readNamedOtherwise(file, maxRecordBytes);
        beforeLoad.run();
        onApply(() -> {
            tree.load(snapshot.nodes(), snapshot.zxid());
            sessions.replaceAll(snapshot.sessions().stream().map(SnapshotSession::toSession).toList());
            log.restartFrom(snapshot.zxid());
            return null;
        });
        LOG.info("Loaded snapshot {}: zxid 0x{}, {} nodes, {} sessions", file.getFileName(),
                Long.toHexString(snapshot.zxid()), snapshot.nodes().size(), snapshot.sessions().size());
    }

    /** Runs {@code step} on APPLY's thread once everything queued there before it is applied. */
    private <T> T onApply(java.util.function.Supplier<T> step) throws IOException {
        try {
            return apply.callAfterQueued(step).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for APPLY");
        } catch (ExecutionException e) {
            throw new IOException("APPLY could not " + (e.getCause() == null ? "go on" : e.getCause().getMessage()),
                    e.getCause());
        }
    }
}
