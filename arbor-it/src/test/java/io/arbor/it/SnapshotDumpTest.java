package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.server.storage.SnapshotFormat;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/arbor snapshot-dump} on a snapshot a real server wrote. */
class SnapshotDumpTest {
    private static final Path BIN = Path.of("..", "bin", "arbor").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static ChildProcess.Result dump(Path file) throws Exception {
        return ChildProcess.run(List.of(BIN.toString(), "snapshot-dump", file.toString()), Duration.ofSeconds(120));
    }

    @Test
    void printsTheSessionsAndEveryNodeAndRefusesACorruptCopy() throws Exception {
        Path dataDir = dir.resolve("data");
        Path snapshot;
        String session;
        int timeout;
        Stat stat = new Stat();
        try (ArborTestServer server = ArborTestServer.start(dataDir, "");
             ZooKeeper zk = server.client()) {
            session = "0x" + Long.toHexString(zk.getSessionId());
            timeout = zk.getSessionTimeout();
            zk.create("/snap", "hello".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
            zk.setData("/snap", "world".getBytes(StandardCharsets.UTF_8), 0);
            zk.create("/snap/eph", new byte[0], ZooDefs.Ids.READ_ACL_UNSAFE, CreateMode.EPHEMERAL, stat);
            snapshot = server.server().snapshotNow().get().file();
        }
        assertThat(snapshot.getParent()).isEqualTo(SnapshotFormat.snapshotDir(dataDir));

        ChildProcess.Result r = dump(snapshot);
        assertThat(r.exitCode()).as(r.output()).isZero();
        List<String> lines = r.output().lines().toList();
        assertThat(lines.get(0)).startsWith(snapshot + ": Arbor snapshot started at zxid 0x")
                .endsWith(" nodes");
        assertThat(lines).contains("session " + session + " timeout " + timeout + "ms");
        assertThat(lines).anyMatch(l -> l.startsWith("/snap czxid=0x") && l.contains(" version=1 ")
                && l.contains("persistent data=5B \"world\" acl=[world:anyone:cdrwa]"));
        assertThat(lines).anyMatch(l -> l.startsWith("/snap/eph czxid=0x" + Long.toHexString(stat.getCzxid()))
                && l.contains("ephemeralOwner=" + session) && l.endsWith("acl=[world:anyone:r]"));
        assertThat(lines).anyMatch(l -> l.startsWith("/zookeeper/config "));

        Path corrupt = Files.copy(snapshot, dir.resolve("corrupt"));
        try (FileChannel ch = FileChannel.open(corrupt, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = ch.size() / 2;
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            ch.write(b.put(0, (byte) ~b.get(0)).rewind(), at);
        }
        ChildProcess.Result bad = dump(corrupt);
        assertThat(bad.exitCode()).as(bad.output()).isEqualTo(1);
        assertThat(bad.output()).contains("arbor snapshot-dump: ").contains(corrupt.toString());
    }
}
