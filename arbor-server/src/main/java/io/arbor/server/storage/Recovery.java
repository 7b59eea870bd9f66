package io.arbor.server.storage;

import io.arbor.protocol.txn.Txn;
import io.arbor.server.tree.DataTree;
import io.arbor.server.tree.NodeImage;
import io.arbor.server.watch.WatchManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery on start: the newest snapshot that verifies is loaded into the tree (a corrupt one is logged with
 * its file and skipped for an older one), then every txn after its zxid is replayed from the log
 * ({@link LogReader}, with its torn-tail and corruption rules). No snapshot: the whole log. Neither: an
 * empty tree.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** Where recovery got to: the snapshot used (null if none) and the last zxid recovered. */
    public record Result(Path snapshot, long snapshotZxid, long lastZxid) {
    }

    private Recovery() {
    }

    /**
     * @param sessions gets every session of the snapshot, before any txn is replayed
     * @param replay applies one txn after the snapshot (to the tree and the sessions), in zxid order
     * @throws LogCorruptException if the log cannot be read without losing data
     */
    public static Result recover(Path dataDir, Path dataLogDir, int maxRecordBytes, DataTree tree,
            Consumer<SnapshotSession> sessions, Consumer<Txn> replay) throws IOException {
        List<Path> snapshots = SnapshotFormat.snapshots(dataDir);
        Path used = null;
        long zxid = 0;
        for (Path file : snapshots) {
            Snapshot snapshot;
            try {
                snapshot = SnapshotReader.read(file, maxRecordBytes);
                tree.load(snapshot.nodes(), snapshot.zxid());
            } catch (IOException e) {
                LOG.error("Snapshot {} cannot be used ({}); trying an older one", file, e.getMessage());
                continue;
            } catch (IllegalArgumentException e) { // verified, yet not a tree: what load() left must go
                LOG.error("Snapshot {} cannot be used ({}); trying an older one", file, e.getMessage());
                List<NodeImage> empty = new ArrayList<>();
                new DataTree(new WatchManager()).walk(empty::add);
                tree.load(empty, 0);
                continue;
            }
            snapshot.sessions().forEach(sessions);
            used = file;
            zxid = snapshot.zxid();
            LOG.info("Loaded snapshot {}: zxid 0x{}, {} nodes, {} sessions", file, Long.toHexString(zxid),
                    snapshot.nodes().size(), snapshot.sessions().size());
            break;
        }
        if (used == null && !snapshots.isEmpty()) {
            LOG.error("No snapshot of {} verifies; recovering from the txn log alone, which works only if it"
                    + " still begins at the first txn", SnapshotFormat.snapshotDir(dataDir));
        }
        long last = LogReader.replay(dataLogDir, zxid, maxRecordBytes, replay);
        return new Result(used, zxid, last);
    }
}
