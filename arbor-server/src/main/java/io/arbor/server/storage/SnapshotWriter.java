package io.arbor.server.storage;

import io.arbor.protocol.Acl;
import io.arbor.server.tree.NodeImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.zip.CheckedOutputStream;
import java.util.zip.CRC32C;

/** Writes one snapshot file ({@link SnapshotFormat}): to a temporary file, forced, then renamed into place. */
public final class SnapshotWriter {
    private static final int BUFFER_BYTES = 1 << 16;

    /** What was written. */
    public record Written(Path file, long zxid, long nodes, long bytes) {
    }

    private SnapshotWriter() {
    }

    /**
     * Writes the snapshot that started at {@code zxid}.
     *
     * @param walker hands every node to the consumer it is given, parents first (e.g. {@code tree::walk})
     */
    public static Written write(Path dataDir, long zxid, Collection<SnapshotSession> sessions,
            Consumer<Consumer<NodeImage>> walker) throws IOException {
        Path dir = SnapshotFormat.snapshotDir(dataDir);
        Files.createDirectories(dir);
        return writeFile(dir.resolve(SnapshotFormat.fileName(zxid)), zxid, sessions, walker);
    }

    /** Writes a snapshot, in this format, to exactly {@code file} (an ensemble's Raft snapshots are named by Raft). */
    public static Written writeFile(Path file, long zxid, Collection<SnapshotSession> sessions,
            Consumer<Consumer<NodeImage>> walker) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = file.resolveSibling(file.getFileName() + SnapshotFormat.TEMP_SUFFIX);
        CRC32C crc = new CRC32C();
        long nodes;
        long bytes;
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream raw = new ChannelOutput(ch);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc),
                    BUFFER_BYTES));
            out.writeInt(SnapshotFormat.MAGIC);
            out.writeInt(SnapshotFormat.VERSION);
            out.writeLong(zxid);
            out.writeInt(sessions.size());
            for (SnapshotSession s : sessions) {
                out.writeLong(s.id());
                out.writeInt(s.timeout());
                writeBytes(out, s.password());
            }
            long[] count = {0};
            try {
                walker.accept(node -> {
                    try {
                        writeNode(out, node);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    count[0]++;
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            nodes = count[0];
            out.writeByte(SnapshotFormat.END);
            out.writeLong(nodes);
            out.flush();
            raw.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
            ch.force(true);
            bytes = ch.size();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename must survive a crash too
        }
        return new Written(file, zxid, nodes, bytes);
    }

    private static void writeNode(DataOutputStream out, NodeImage n) throws IOException {
        out.writeByte(SnapshotFormat.NODE);
        writeString(out, n.path());
        writeBytes(out, n.data());
        out.writeInt(n.acl().size());
        for (Acl a : n.acl()) {
            out.writeInt(a.perms());
            writeString(out, a.id().scheme());
            writeString(out, a.id().id());
        }
        out.writeLong(n.czxid());
        out.writeLong(n.mzxid());
        out.writeLong(n.pzxid());
        out.writeLong(n.ctime());
        out.writeLong(n.mtime());
        out.writeLong(n.ephemeralOwner());
        out.writeInt(n.version());
        out.writeInt(n.cversion());
        out.writeInt(n.aversion());
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Sequential writes to a channel, without the finalizer baggage of FileOutputStream. */
    private static final class ChannelOutput extends OutputStream {
        private final FileChannel ch;

        ChannelOutput(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(b, off, len);
            while (src.hasRemaining()) {
                ch.write(src);
            }
        }
    }
}
