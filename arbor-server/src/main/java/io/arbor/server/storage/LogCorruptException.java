package io.arbor.server.storage;

import java.io.IOException;
import java.nio.file.Path;

/** The txn log cannot be read without losing data: start-up must stop, with the file and offset to look at. */
public final class LogCorruptException extends IOException {
    private final Path file;
    private final long offset;

    public LogCorruptException(Path file, long offset, String problem) {
        super("txn log " + file + " at byte offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
