package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the records of a txn log segment lie, read by the test itself from the format LogFormat documents
 * (16-byte header "ARBL", version, first zxid; records of length, CRC32C, payload; zero padding), so that a test
 * can damage a chosen record without relying on the server's reader.
 */
record SegmentLayout(Path file, List<Long> recordOffsets, long dataEnd) {
    static final int HEADER_BYTES = 16;
    static final int RECORD_HEADER_BYTES = 8;

    /** The segment files of a data directory, oldest (lowest first zxid) first. */
    static List<Path> segments(Path dataLogDir) throws IOException {
        try (Stream<Path> files = Files.list(dataLogDir.resolve("version-2"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("log."))
                    .sorted(Comparator.comparingLong(p -> Long.parseUnsignedLong(
                            p.getFileName().toString().substring(4), 16)))
                    .toList();
        }
    }

    static SegmentLayout of(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        assertThat(b.getInt(0)).as("magic of " + file).isEqualTo(('A' << 24) | ('R' << 16) | ('B' << 8) | 'L');
        List<Long> offsets = new ArrayList<>();
        int at = HEADER_BYTES;
        while (at + RECORD_HEADER_BYTES <= b.limit()) {
            int length = b.getInt(at);
            if (length == 0) {
                break; // padding
            }
            offsets.add((long) at);
            at += RECORD_HEADER_BYTES + length;
        }
        return new SegmentLayout(file, List.copyOf(offsets), at);
    }

    long lastRecordOffset() {
        return recordOffsets.get(recordOffsets.size() - 1);
    }
}
