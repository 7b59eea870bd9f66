package io.arbor.cli;

import io.arbor.server.storage.LogReader;
import io.arbor.server.storage.Snapshot;
import io.arbor.server.storage.SnapshotCorruptException;
import io.arbor.server.storage.SnapshotReader;
import io.arbor.server.storage.SnapshotSession;
import io.arbor.server.tree.NodeImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arbor snapshot-dump FILE}: a snapshot's sessions and nodes in readable form, one per line. */
@Command(name = "snapshot-dump", mixinStandardHelpOptions = true,
        description = {"Print a snapshot (a snapshot.<zxid> file of dataDir/version-2): the zxid it started at,"
                + " one line per session (id, timeout) and one per node, parents first (path, zxids, times,"
                + " versions, owner, data, ACL). Reads the file only, never changes it.",
                "Exit status: 0 when the snapshot verifies; 1 when it is not an Arbor snapshot or does not"
                + " verify (torn or corrupt)."})
final class SnapshotDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A snapshot file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Snapshot snapshot;
        try {
            // The same bound the server recovers with: the dump reads what recovery would read.
            snapshot = SnapshotReader.read(file, LogReader.maxRecordBytes(1024 * 1024 - 1));
        } catch (SnapshotCorruptException e) {
            err.println("arbor snapshot-dump: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("arbor snapshot-dump: cannot read " + file + ": " + e);
            return 1;
        }
        out.println(file + ": Arbor snapshot started at zxid 0x" + Long.toHexString(snapshot.zxid()) + ", "
                + snapshot.sessions().size() + " sessions, " + snapshot.nodes().size() + " nodes");
        for (SnapshotSession s : snapshot.sessions()) {
            out.println("session 0x" + Long.toHexString(s.id()) + " timeout " + s.timeout() + "ms");
        }
        for (NodeImage n : snapshot.nodes()) {
            out.println(line(n));
        }
        return 0;
    }

    static String line(NodeImage n) {
        return n.path() + " czxid=0x" + Long.toHexString(n.czxid()) + " mzxid=0x" + Long.toHexString(n.mzxid())
                + " pzxid=0x" + Long.toHexString(n.pzxid()) + " ctime=" + Instant.ofEpochMilli(n.ctime())
                + " mtime=" + Instant.ofEpochMilli(n.mtime()) + " version=" + n.version()
                + " cversion=" + n.cversion() + " aversion=" + n.aversion() + " " + TxnFormatter.owner(n.ephemeralOwner())
                + " " + TxnFormatter.data(n.data()) + " acl=" + TxnFormatter.acl(n.acl());
    }
}
