package io.arbor.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.protocol.txn.Txn;
import io.arbor.server.tree.DataTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot file: a round trip keeps every stored field, and any truncation or flipped byte is caught. */
class SnapshotFormatTest {
    private static final int MAX_RECORD = LogReader.maxRecordBytes(1 << 20);

    @TempDir
    Path dataDir;

    @TempDir
    Path scratch;

    private static DataTree treeOf(int txns, long seed) {
        DataTree tree = Trees.fresh();
        for (Txn t : new TxnGenerator(seed).generate(txns)) {
            tree.apply(t);
        }
        return tree;
    }

    private static final List<SnapshotSession> SESSIONS = List.of(new SnapshotSession(0x1234, 4000,
            new byte[] {1, 2, 3}), new SnapshotSession(0x5678, 30000, null));

    @Test
    void roundTripKeepsEveryStoredFieldAndTheSessions() throws IOException {
        DataTree tree = treeOf(1500, 42);
        SnapshotWriter.Written w = SnapshotWriter.write(dataDir, tree.lastProcessedZxid(), SESSIONS, tree::walk);
        assertThat(w.file().getFileName().toString()).isEqualTo("snapshot." + Long.toHexString(1500));
        assertThat(w.nodes()).isEqualTo(tree.nodeCount());
        assertThat(w.bytes()).isEqualTo(Files.size(w.file()));
        assertThat(tree.containers()).as("the tree has every kind of node").isNotEmpty();
        assertThat(tree.ttlNodes()).isNotEmpty();
        assertThat(tree.ephemeralCount()).isPositive();

        Snapshot read = SnapshotReader.read(w.file(), MAX_RECORD);
        assertThat(read.zxid()).isEqualTo(1500);
        assertThat(read.sessions()).hasSize(2);
        assertThat(read.sessions().get(0).id()).isEqualTo(0x1234);
        assertThat(read.sessions().get(0).timeout()).isEqualTo(4000);
        assertThat(read.sessions().get(0).password()).containsExactly(1, 2, 3);
        assertThat(read.sessions().get(1).password()).isNull();
        DataTree loaded = Trees.fresh();
        loaded.load(read.nodes(), read.zxid());
        Trees.assertSameTree(loaded, tree, "round trip");
        assertThat(loaded.approximateDataSize()).isEqualTo(tree.approximateDataSize());
        // no temporary file is left behind
        try (var files = Files.list(SnapshotFormat.snapshotDir(dataDir))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(w.file().getFileName()
                    .toString());
        }
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        DataTree tree = treeOf(40, 7);
        byte[] bytes = Files.readAllBytes(SnapshotWriter.write(dataDir, 40, SESSIONS, tree::walk).file());
        Path copy = scratch.resolve("snapshot.28");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(copy, Arrays.copyOf(bytes, length));
            int at = length;
            assertThatThrownBy(() -> SnapshotReader.read(copy, MAX_RECORD)).as("cut to %d bytes", at)
                    .isInstanceOf(SnapshotCorruptException.class);
        }
        Files.write(copy, bytes);
        assertThat(SnapshotReader.read(copy, MAX_RECORD).nodes()).hasSize(tree.nodeCount());
    }

    @Test
    void everyFlippedByteIsDetected() throws IOException {
        DataTree tree = treeOf(40, 8);
        byte[] bytes = Files.readAllBytes(SnapshotWriter.write(dataDir, 40, SESSIONS, tree::walk).file());
        Path copy = scratch.resolve("snapshot.28");
        for (int i = 0; i < bytes.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xff}) {
                byte[] bad = bytes.clone();
                bad[i] ^= (byte) mask;
                Files.write(copy, bad);
                int at = i;
                assertThatThrownBy(() -> SnapshotReader.read(copy, MAX_RECORD))
                        .as("byte %d xor 0x%x", at, mask).isInstanceOf(SnapshotCorruptException.class);
            }
        }
    }

    @Test
    void aGarbledLengthIsBoundedBeforeAnythingIsAllocated() throws IOException {
        DataTree tree = treeOf(10, 9);
        byte[] bytes = Files.readAllBytes(SnapshotWriter.write(dataDir, 10, List.of(), tree::walk).file());
        Path copy = scratch.resolve("snapshot.a");
        // the session count (right after the 16-byte header) and the root's path length (after it and the
        // node marker) set to the largest int
        for (int offset : new int[] {16, 21}) {
            byte[] bad = bytes.clone();
            bad[offset] = 0x7f;
            bad[offset + 1] = bad[offset + 2] = bad[offset + 3] = (byte) 0xff;
            Files.write(copy, bad);
            assertThatThrownBy(() -> SnapshotReader.read(copy, MAX_RECORD))
                    .isInstanceOf(SnapshotCorruptException.class).hasMessageContaining("out of bounds");
        }
    }

    @Test
    void namesAreTheStartZxidInHexAndTemporaryFilesAreNotSnapshots() throws IOException {
        Path dir = SnapshotFormat.snapshotDir(dataDir);
        Files.createDirectories(dir);
        for (String name : List.of("snapshot.9", "snapshot.1f", "snapshot.a", "snapshot.30.tmp", "snapshot.",
                "snapshot.xyz", "log.1")) {
            Files.write(dir.resolve(name), new byte[0]);
        }
        assertThat(SnapshotFormat.snapshots(dataDir)).extracting(p -> p.getFileName().toString())
                .containsExactly("snapshot.1f", "snapshot.a", "snapshot.9");
    }
}
