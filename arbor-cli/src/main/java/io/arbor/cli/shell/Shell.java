package io.arbor.cli.shell;

import io.arbor.client.ArborException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * The shell: zkCli's commands over the Arbor client, run one at a time ({@link #execute}), line by line with
 * numbered history ({@link #executeLine}), or in a loop reading a JLine terminal (prompt, completion, persisted
 * history) or plain lines (stdin that is not a terminal: no prompt, as zkCli without JLine).
 */
public final class Shell implements AutoCloseable {
    static final String USAGE = "bin/arbor cli -server host:port[,host:port][/chroot] [-timeout ms] [-r]"
            + " [-waitforconnection] cmd args";

    private final ShellContext ctx;
    /** Sorted by name as zkCli lists them (case-sensitive: addWatch before addauth). */
    private final Map<String, Command> commands = new TreeMap<>();
    private final Map<Integer, String> history = new HashMap<>();
    private int commandCount;
    private int lastExitCode;
    private volatile boolean quit;

    Shell(ShellContext ctx) {
        this.ctx = ctx;
        List<Command> all = new ArrayList<>();
        all.addAll(ReadCommands.all());
        all.addAll(WriteCommands.all());
        all.addAll(WatchCommands.all());
        all.addAll(SessionCommands.all(this));
        all.forEach(c -> commands.put(c.name(), c));
    }

    /** Closes the current session, if any, and opens one to {@code connectString}. */
    void connect(String connectString) {
        ShellConnection old = ctx.connection();
        if (old != null) {
            old.close();
        }
        ctx.connection(ShellConnection.open(connectString, ctx.timeout, ctx.printer, ctx.readOnlyAllowed()));
    }

    ShellConnection connection() {
        return ctx.connection();
    }

    Collection<String> commandNames() {
        return commands.keySet();
    }

    /** zkCli's prompt: {@code [zk: host:port(CONNECTED) 3] }. */
    String prompt() {
        ShellConnection c = ctx.connection();
        return "[zk: " + c.connectString() + "(" + c.state() + ") " + commandCount + "] ";
    }

    int commandCount() {
        return commandCount;
    }

    String history(int n) {
        return history.get(n);
    }

    void quit() {
        quit = true;
    }

    boolean quitRequested() {
        return quit;
    }

    /** Runs a typed line: numbered in the history unless blank. Returns the command's exit status. */
    int executeLine(String line) {
        List<String> words = LineTokenizer.split(line);
        if (words.isEmpty()) {
            return lastExitCode;
        }
        history.put(commandCount, line);
        int status = execute(words);
        commandCount++;
        if (!quit) {
            lastExitCode = status; // quit leaves the status of the command before it, as zkCli exits with
        }
        return status;
    }

    /** The line of {@code redo}: it takes the place of the redo in the history, then runs. */
    int redo(String line) {
        history.put(commandCount, line);
        return execute(LineTokenizer.split(line));
    }

    /** Runs one command (name and arguments); prints its output and errors; returns its exit status. */
    public int execute(List<String> words) {
        try {
            return run(words);
        } finally {
            ctx.out.flush();
            ctx.err.flush();
        }
    }

    private int run(List<String> words) {
        Command command = commands.get(words.get(0));
        if (command == null) {
            usage(ctx.err);
            ctx.err.println("Command not found: Command not found " + words.get(0));
            return CliFailure.NOT_FOUND;
        }
        if (command.needsConnection() && !ctx.connection().alive()) {
            ctx.out.println("Not connected");
            return CliFailure.FAILED;
        }
        try {
            return command.run(ctx, command.parse(words.subList(1, words.size())));
        } catch (CliFailure f) {
            ctx.out.flush();
            f.lines().forEach(ctx.err::println);
            return f.exitCode();
        } catch (ArborException e) {
            ctx.out.flush();
            ctx.err.println(CliFailure.of(e).lines().get(0));
            return CliFailure.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.err.println("Interrupted");
            return CliFailure.FAILED;
        }
    }

    /** The list of commands zkCli prints for an unknown one. */
    void usage(PrintWriter to) {
        to.println(USAGE);
        commands.values().forEach(c -> to.println("\t" + c.usage()));
    }

    /**
     * Reads commands from a terminal until quit or end of input (Ctrl-D): prompt with the connection state, Tab
     * completion of command names and znode paths, history kept in {@code historyFile}. Watch events print above
     * the line being typed. Returns the exit status of the last command.
     */
    int runInteractive(Terminal terminal, Path historyFile) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("arbor")
                .completer(new ZnodeCompleter(this))
                .variable(LineReader.HISTORY_FILE, historyFile)
                // '!' is ordinary text in znode data, not a history event
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        ctx.printer.sink(text -> {
            // an event may be a change of state: the prompt drawn again below it shows the new one
            if (reader instanceof LineReaderImpl impl) {
                impl.setPrompt(prompt());
            }
            reader.printAbove(text);
        });
        try {
            while (!quit) {
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C drops the line being typed, as in a Unix shell
                } catch (EndOfFileException e) {
                    break;
                }
                executeLine(line);
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                ctx.err.println("Could not save the history to " + historyFile + ": " + e.getMessage());
            }
        }
        return lastExitCode;
    }

    /** Reads commands line by line without prompt (stdin is a pipe or file). Returns the last command's status. */
    int runPlain(BufferedReader in) throws IOException {
        String line;
        while (!quit && (line = in.readLine()) != null) {
            executeLine(line);
        }
        return lastExitCode;
    }

    @Override
    public void close() {
        ShellConnection c = ctx.connection();
        if (c != null) {
            c.close();
        }
    }
}
