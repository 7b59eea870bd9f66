package io.arbor.cli.shell;

import io.arbor.client.ArborClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;

/** What a command works with: the connection (replaced by connect), the output streams, stdin for data. */
final class ShellContext {
    final PrintWriter out;
    final PrintWriter err;
    final EventPrinter printer;
    final Duration timeout;
    private final InputStream stdin;
    private final StdinUse stdinUse;
    private volatile ShellConnection connection;

    /** What stdin may give a command: nothing (it holds the commands), or data asked for, or data by default. */
    enum StdinUse {
        /** Stdin is where the commands come from (the shell): {@code -} is just a dash. */
        COMMANDS,
        /** A one-shot command on a terminal: {@code -} reads stdin (until Ctrl-D), a missing argument does not. */
        DATA_WHEN_ASKED,
        /** A one-shot command with stdin from a pipe or file: {@code -}, or no data argument, reads it. */
        DATA
    }

    ShellContext(PrintWriter out, PrintWriter err, EventPrinter printer, Duration timeout, InputStream stdin,
                 StdinUse stdinUse) {
        this.out = out;
        this.err = err;
        this.printer = printer;
        this.timeout = timeout;
        this.stdin = stdin;
        this.stdinUse = stdinUse;
    }

    /** {@code -r}: a read-only server will do (the client then reports CONNECTEDREADONLY). */
    private volatile boolean readOnlyAllowed;

    void allowReadOnly(boolean allowed) {
        this.readOnlyAllowed = allowed;
    }

    boolean readOnlyAllowed() {
        return readOnlyAllowed;
    }

    ShellConnection connection() {
        return connection;
    }

    void connection(ShellConnection connection) {
        this.connection = connection;
    }

    ArborClient client() {
        return connection.client();
    }

    io.arbor.client.Watcher watcher() {
        return connection.watcher();
    }

    StdinUse stdinUse() {
        return stdinUse;
    }

    byte[] readStdin() throws IOException {
        return stdin.readAllBytes();
    }
}
