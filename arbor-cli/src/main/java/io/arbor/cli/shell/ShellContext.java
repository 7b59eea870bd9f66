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
    private final boolean stdinIsData;
    private volatile ShellConnection connection;

    /**
     * @param stdinIsData whether data may be read from stdin ({@code -}, or implicitly when none is given): only for a
     *                    one-shot command whose stdin is not a terminal, never when stdin holds the commands
     */
    ShellContext(PrintWriter out, PrintWriter err, EventPrinter printer, Duration timeout, InputStream stdin,
                 boolean stdinIsData) {
        this.out = out;
        this.err = err;
        this.printer = printer;
        this.timeout = timeout;
        this.stdin = stdin;
        this.stdinIsData = stdinIsData;
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

    boolean stdinIsData() {
        return stdinIsData;
    }

    byte[] readStdin() throws IOException {
        return stdin.readAllBytes();
    }
}
