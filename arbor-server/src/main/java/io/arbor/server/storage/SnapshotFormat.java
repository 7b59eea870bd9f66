package io.arbor.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Arbor's snapshot format (its own, not ZooKeeper's).
 *
 * <p>Snapshots live in {@code <dataDir>/version-2/} as files named {@code snapshot.<zxid>}, the zxid at which
 * the snapshot started in lowercase hex without leading zeros. A snapshot is fuzzy: it was written while
 * txns went on being applied, so each node is as it was at some moment after that zxid; replaying every txn
 * after the zxid on top of it gives the exact tree. All numbers are big-endian.
 *
 * <pre>
 *   header    4 bytes  magic "ARBS"
 *             4 bytes  format version (int), {@value #VERSION}
 *             8 bytes  zxid at which the snapshot started (long), equal to the one in the file name
 *   sessions  4 bytes  count (int), then per session:
 *             8 bytes  session id, 4 bytes timeout (ms), bytes password
 *   nodes     per node, parents before their children:
 *             1 byte   {@value #NODE} (1)
 *             string   path
 *             bytes    data (length -1: null)
 *             4 bytes  ACL count (int), then per entry: 4 bytes perms, string scheme, string id
 *             8 bytes each: czxid, mzxid, pzxid, ctime, mtime, ephemeralOwner (as stored: container and
 *                      TTL markers included)
 *             4 bytes each: version, cversion (as stored: the number of child creates), aversion
 *   end       1 byte   {@value #END} (0), then 8 bytes: the number of nodes (long)
 *   trailer   4 bytes  CRC32C of every byte before it
 * </pre>
 *
 * {@code bytes} and {@code string} are a 4-byte length then that many bytes (a string's are UTF-8). A reader
 * bounds every length by the file size and the record bound before it allocates, and trusts nothing it read
 * until the trailer checks: a torn or corrupt file is skipped as a whole. A snapshot is written to
 * {@code snapshot.<zxid>.tmp}, forced, renamed to its name and the directory forced, so a file with the
 * final name is always complete.
 */
public final class SnapshotFormat {
    public static final String PREFIX = "snapshot.";
    static final String TEMP_SUFFIX = ".tmp";
    static final int MAGIC = ('A' << 24) | ('R' << 16) | ('B' << 8) | 'S';
    static final int VERSION = 1;
    static final int NODE = 1;
    static final int END = 0;
    static final int HEADER_BYTES = 16;
    static final int TRAILER_BYTES = 4;

    private SnapshotFormat() {
    }

    /** The directory the snapshots of {@code dataDir} live in. */
    public static Path snapshotDir(Path dataDir) {
        return dataDir.resolve(LogFormat.DIRECTORY);
    }

    static String fileName(long zxid) {
        return PREFIX + Long.toHexString(zxid);
    }

    /** The zxid a snapshot file name carries, or -1 if the name is not a snapshot's (a temporary one is not). */
    public static long zxidOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length() || name.length() > PREFIX.length() + 16) {
            return -1;
        }
        for (int i = PREFIX.length(); i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return -1;
            }
        }
        return Long.parseUnsignedLong(name.substring(PREFIX.length()), 16);
    }

    /** The snapshot files of {@code dataDir}, newest (highest zxid) first; none if there is no directory. */
    public static List<Path> snapshots(Path dataDir) throws IOException {
        Path dir = snapshotDir(dataDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> zxidOf(p) >= 0 && Files.isRegularFile(p)).forEach(out::add);
        }
        out.sort(Comparator.comparingLong(SnapshotFormat::zxidOf).reversed());
        return out;
    }
}
