package io.arbor.server.storage;

import java.io.IOException;
import java.nio.file.Path;

/** A snapshot file does not verify (torn, truncated, garbled): recovery skips it for an older one. */
public final class SnapshotCorruptException extends IOException {
    private final Path file;

    public SnapshotCorruptException(Path file, String problem) {
        super("snapshot " + file + ": " + problem);
        this.file = file;
    }

    public SnapshotCorruptException(Path file, String problem, Throwable cause) {
        super("snapshot " + file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
