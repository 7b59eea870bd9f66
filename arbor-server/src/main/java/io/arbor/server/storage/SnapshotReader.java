package io.arbor.server.storage;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Id;
import io.arbor.server.tree.NodeImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and verifies one snapshot file ({@link SnapshotFormat}). Nothing is handed out before the trailing
 * checksum has checked, so a caller never loads half of a torn or garbled file.
 */
public final class SnapshotReader {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReader.class);
    private static final int BUFFER_BYTES = 1 << 16;
    private static final long PROGRESS_NANOS = 1_000_000_000L;
    /** The least a session takes in the file (id, timeout, password length): bounds the session count. */
    private static final int MIN_SESSION_BYTES = 16;
    /** The least an ACL entry takes (perms and two string lengths): bounds the ACL count. */
    private static final int MIN_ACL_BYTES = 12;

    private final Path file;
    private final int maxRecordBytes;
    private final long size;
    private final long startNanos = System.nanoTime();
    private long nextProgress = startNanos + PROGRESS_NANOS;
    private CheckedInput checked;

    /** Whether the file's name must name the zxid its header holds (standalone snapshots). */
    private final boolean nameCarriesZxid;

    private SnapshotReader(Path file, int maxRecordBytes, long size, boolean nameCarriesZxid) {
        this.nameCarriesZxid = nameCarriesZxid;
        this.file = file;
        this.maxRecordBytes = maxRecordBytes;
        this.size = size;
    }

    /**
     * Reads a whole snapshot, logging progress every second once that takes more than a second.
     *
     * @param maxRecordBytes the bound on any one path, data or password (as for a txn log record)
     * @throws SnapshotCorruptException if the file does not verify
     * @throws IOException if it cannot be read at all
     */
    public static Snapshot read(Path file, int maxRecordBytes) throws IOException {
        return read(file, maxRecordBytes, true);
    }

    /**
     * Reads a snapshot whose file is named by something else than its zxid (an ensemble's Raft snapshots are
     * named by Raft term and index); otherwise as {@link #read(Path, int)}.
     */
    public static Snapshot readNamedOtherwise(Path file, int maxRecordBytes) throws IOException {
        return read(file, maxRecordBytes, false);
    }

    private static Snapshot read(Path file, int maxRecordBytes, boolean nameCarriesZxid) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            SnapshotReader reader = new SnapshotReader(file, maxRecordBytes, ch.size(), nameCarriesZxid);
            return reader.read(ch);
        }
    }

    private Snapshot read(FileChannel ch) throws IOException {
        if (size < SnapshotFormat.HEADER_BYTES + SnapshotFormat.TRAILER_BYTES) {
            throw new SnapshotCorruptException(file, "only " + size + " bytes: shorter than a header and trailer");
        }
        checked = new CheckedInput(ch, size - SnapshotFormat.TRAILER_BYTES);
        DataInputStream in = new DataInputStream(new BufferedInputStream(checked, BUFFER_BYTES));
        Snapshot snapshot;
        try {
            snapshot = parse(in);
            if (in.read() != -1) {
                throw new SnapshotCorruptException(file, "data after the end of the nodes");
            }
        } catch (EOFException e) {
            throw new SnapshotCorruptException(file, "ends early (torn or truncated)", e);
        } catch (RuntimeException e) { // a garbled string or ACL that does not decode
            throw new SnapshotCorruptException(file, "does not parse: " + e, e);
        }
        ByteBuffer trailer = ByteBuffer.allocate(SnapshotFormat.TRAILER_BYTES);
        while (trailer.hasRemaining()) {
            if (ch.read(trailer, size - SnapshotFormat.TRAILER_BYTES + trailer.position()) < 0) {
                throw new SnapshotCorruptException(file, "file shrank while it was read");
            }
        }
        int expected = trailer.flip().getInt();
        if (expected != checked.crc()) {
            throw new SnapshotCorruptException(file, "checksum mismatch (torn or corrupt)");
        }
        if (System.nanoTime() - startNanos > PROGRESS_NANOS) {
            logProgress("Loaded", snapshot.nodes().size());
        }
        return snapshot;
    }

    private Snapshot parse(DataInputStream in) throws IOException {
        if (in.readInt() != SnapshotFormat.MAGIC) {
            throw new SnapshotCorruptException(file, "not an Arbor snapshot (bad magic)");
        }
        int version = in.readInt();
        if (version != SnapshotFormat.VERSION) {
            throw new SnapshotCorruptException(file, "format version " + version + " is not supported (this"
                    + " server reads version " + SnapshotFormat.VERSION + ")");
        }
        long zxid = in.readLong();
        if (nameCarriesZxid && zxid != SnapshotFormat.zxidOf(file)) {
            throw new SnapshotCorruptException(file, "header names zxid 0x" + Long.toHexString(zxid)
                    + " but the file name does not");
        }
        int sessionCount = count(in.readInt(), MIN_SESSION_BYTES, "session count");
        List<SnapshotSession> sessions = new ArrayList<>(sessionCount);
        for (int i = 0; i < sessionCount; i++) {
            sessions.add(new SnapshotSession(in.readLong(), in.readInt(), readBytes(in, "password")));
        }
        List<NodeImage> nodes = new ArrayList<>();
        while (true) {
            int marker = in.readUnsignedByte();
            if (marker == SnapshotFormat.END) {
                break;
            }
            if (marker != SnapshotFormat.NODE) {
                throw new SnapshotCorruptException(file, "unknown record marker " + marker);
            }
            nodes.add(readNode(in));
            progress(nodes.size());
        }
        long nodeCount = in.readLong();
        if (nodeCount != nodes.size()) {
            throw new SnapshotCorruptException(file, "end record counts " + nodeCount + " nodes, but "
                    + nodes.size() + " were read");
        }
        return new Snapshot(zxid, sessions, nodes);
    }

    private NodeImage readNode(DataInputStream in) throws IOException {
        String path = readString(in, "path");
        byte[] data = readBytes(in, "data");
        int aclCount = count(in.readInt(), MIN_ACL_BYTES, "ACL count");
        List<Acl> acl = new ArrayList<>(aclCount);
        for (int i = 0; i < aclCount; i++) {
            int perms = in.readInt();
            acl.add(new Acl(perms, new Id(readString(in, "ACL scheme"), readString(in, "ACL id"))));
        }
        long czxid = in.readLong();
        long mzxid = in.readLong();
        long pzxid = in.readLong();
        long ctime = in.readLong();
        long mtime = in.readLong();
        long ephemeralOwner = in.readLong();
        int version = in.readInt();
        int cversion = in.readInt();
        int aversion = in.readInt();
        return new NodeImage(path, data, List.copyOf(acl), czxid, mzxid, pzxid, ctime, mtime, version, cversion,
                aversion, ephemeralOwner);
    }

    /** A count of entries at least {@code minBytes} each: more than the file can hold is corruption. */
    private int count(int n, int minBytes, String what) throws SnapshotCorruptException {
        if (n < 0 || (long) n * minBytes > size) {
            throw new SnapshotCorruptException(file, what + " " + n + " is out of bounds");
        }
        return n;
    }

    private byte[] readBytes(DataInputStream in, String what) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > maxRecordBytes || length > size) {
            throw new SnapshotCorruptException(file, what + " length " + length + " is out of bounds (max "
                    + Math.min(maxRecordBytes, size) + ")");
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    private String readString(DataInputStream in, String what) throws IOException {
        byte[] b = readBytes(in, what);
        if (b == null) {
            throw new SnapshotCorruptException(file, what + " is null");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private void progress(int nodes) {
        if ((nodes & 1023) == 0) {
            long now = System.nanoTime();
            if (now >= nextProgress) {
                nextProgress = now + PROGRESS_NANOS;
                logProgress("Loading", nodes);
            }
        }
    }

    private void logProgress(String what, int nodes) {
        LOG.info("{} snapshot {}: {} nodes, {} MB of {} MB read, {} s", what, file, nodes,
                checked.position() >> 20, size >> 20, (System.nanoTime() - startNanos) / 1_000_000_000L);
    }

    /** The file's bytes up to the trailer, checksummed as they pass. */
    private static final class CheckedInput extends InputStream {
        private final FileChannel ch;
        private final long limit;
        private final CRC32C crc = new CRC32C();
        private long position;

        CheckedInput(FileChannel ch, long limit) {
            this.ch = ch;
            this.limit = limit;
        }

        int crc() {
            return (int) crc.getValue();
        }

        long position() {
            return position;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (position >= limit) {
                return -1;
            }
            ByteBuffer dst = ByteBuffer.wrap(b, off, (int) Math.min(len, limit - position));
            int n = ch.read(dst, position);
            if (n < 0) {
                throw new EOFException("file shrank while it was read");
            }
            crc.update(b, off, n);
            position += n;
            return n;
        }
    }
}
