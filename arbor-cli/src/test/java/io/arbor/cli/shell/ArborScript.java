package io.arbor.cli.shell;


import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

/**
 * The Arbor shell in this JVM, fed line by line as a person types, with stdout and stderr in one transcript (as a
 * terminal shows them) and events printed as they come.
 */
final class ArborScript implements AutoCloseable {
    private final StringWriter buffer = new StringWriter();
    private final PrintWriter writer = new PrintWriter(buffer, true);
    private final Shell shell;

    ArborScript(String connectString) {
        EventPrinter printer = new EventPrinter(true, text -> {
            synchronized (buffer) {
                writer.println(text);
            }
        });
        ShellContext ctx = new ShellContext(writer, writer, printer, Duration.ofSeconds(5),
                new ByteArrayInputStream(new byte[0]), ShellContext.StdinUse.COMMANDS);
        shell = new Shell(ctx);
        shell.connect(connectString);
        Poll.upTo(Duration.ofSeconds(10)).until(() -> text().contains("state:SyncConnected type:None"));
        reset();
    }

    Shell shell() {
        return shell;
    }

    int executeLine(String line) {
        return shell.executeLine(line);
    }

    String text() {
        synchronized (buffer) {
            return buffer.toString();
        }
    }

    void reset() {
        synchronized (buffer) {
            buffer.getBuffer().setLength(0);
        }
    }

    @Override
    public void close() {
        shell.close();
    }
}
