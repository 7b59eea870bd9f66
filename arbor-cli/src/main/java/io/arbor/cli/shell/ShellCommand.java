package io.arbor.cli.shell;

import ch.qos.logback.classic.Level;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code arbor cli}: zkCli's shell over the Arbor client. With a command after the options it runs that command
 * and exits (0, or non-zero with the error on stderr); without one it reads commands from the terminal, or line by
 * line from stdin when stdin is not a terminal.
 */
@Command(name = "cli", mixinStandardHelpOptions = true,
        description = {"An interactive ZooKeeper shell (zkCli's commands, flags and output) over the Arbor client.",
                "With cmd args: run that one command and exit with its status; the data of create and set may"
                        + " be '-' (stdin), '@file', or left out when stdin is not a terminal.",
                "Tab completes command names and znode paths; history is kept in ~/.arbor_history."})
public final class ShellCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-server", "--server"}, paramLabel = "host:port[,host:port][/chroot]",
            defaultValue = "127.0.0.1:2181", description = "The servers (and chroot); default ${DEFAULT-VALUE}.")
    String server;

    @Option(names = {"-timeout", "--timeout"}, paramLabel = "ms", defaultValue = "30000",
            description = "Session timeout asked for, and how long a command may wait; default ${DEFAULT-VALUE}.")
    int timeoutMs;

    @Option(names = {"-r", "--readonly"},
            description = "Accept a read-only server (ZooKeeper's read-only mode).")
    boolean readOnly;

    @Option(names = {"-waitforconnection", "--wait-for-connection"},
            description = "Wait for the session before the first prompt or the command.")
    boolean waitForConnection;

    @Option(names = "--history-file", hidden = true, description = "Where the interactive history is kept.")
    Path historyFile;

    @Parameters(arity = "0..*", paramLabel = "cmd args", description = "A command to run instead of the shell.")
    List<String> command = new ArrayList<>();

    private final InputStream stdin;
    private final boolean stdinIsTerminal;

    public ShellCommand() {
        this(System.in, stdinIsTerminal());
    }

    /** For tests: stdin and whether it is to be taken for a terminal. */
    ShellCommand(InputStream stdin, boolean stdinIsTerminal) {
        this.stdin = stdin;
        this.stdinIsTerminal = stdinIsTerminal;
    }

    /**
     * Options end at the command name, so that {@code cli ls -s /} hands {@code -s} to ls; and {@code @file} is data
     * for the shell, not one of picocli's argument files.
     */
    public static CommandLine configure(CommandLine cli) {
        return cli.setStopAtPositional(true).setExpandAtFiles(false);
    }

    @Override
    public Integer call() throws IOException {
        quietLogging();
        PrintWriter err = spec.commandLine().getErr();
        Duration timeout = Duration.ofMillis(timeoutMs);
        boolean oneShot = !command.isEmpty();
        if (!oneShot && stdinIsTerminal) {
            return interactive(timeout);
        }
        PrintWriter out = spec.commandLine().getOut();
        // A one-shot command prints its result only; a script of commands on stdin also sees the events
        EventPrinter printer = new EventPrinter(!oneShot, text -> {
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        });
        ShellContext.StdinUse stdinUse = !oneShot ? ShellContext.StdinUse.COMMANDS
                : stdinIsTerminal ? ShellContext.StdinUse.DATA_WHEN_ASKED : ShellContext.StdinUse.DATA;
        ShellContext ctx = new ShellContext(out, err, printer, timeout, stdin, stdinUse);
        ctx.allowReadOnly(readOnly);
        try (Shell shell = new Shell(ctx)) {
            if (!connect(shell, err)) {
                return 2;
            }
            if (waitForConnection) {
                awaitConnected(shell);
            }
            if (oneShot) {
                return shell.execute(command);
            }
            return shell.runPlain(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
        }
    }

    private int interactive(Duration timeout) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            PrintWriter console = terminal.writer();
            EventPrinter printer = new EventPrinter(true, console::println);
            ShellContext ctx = new ShellContext(console, console, printer, timeout, stdin,
                    ShellContext.StdinUse.COMMANDS);
            ctx.allowReadOnly(readOnly);
            try (Shell shell = new Shell(ctx)) {
                console.println("Connecting to " + server);
                if (!connect(shell, console)) {
                    console.flush();
                    return 2;
                }
                console.println("Welcome to the Arbor shell! Tab completes commands and paths; quit or Ctrl-D ends.");
                console.flush();
                if (waitForConnection) {
                    awaitConnected(shell);
                }
                Path history = historyFile != null ? historyFile
                        : Path.of(System.getProperty("user.home"), ".arbor_history");
                return shell.runInteractive(terminal, history);
            }
        }
    }

    private boolean connect(Shell shell, PrintWriter err) {
        try {
            shell.connect(server);
            return true;
        } catch (IllegalArgumentException e) {
            err.println("arbor cli: bad -server " + server + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }

    private static void awaitConnected(Shell shell) {
        try {
            shell.connection().awaitConnected(shell.connection().timeoutForWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The client logs reconnections at INFO; in a shell those lines would mix with the output. Only errors show,
     * unless -Darbor.log.level asks for more.
     */
    private static void quietLogging() {
        if (System.getProperty("arbor.log.level") == null
                && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.ERROR);
        }
    }

    /**
     * Whether stdin is a terminal: bin/arbor says so ({@code -Darbor.stdin.tty}, from {@code [ -t 0 ]}); otherwise
     * where /proc says fd 0 leads, and without /proc whether the JVM has a console.
     */
    static boolean stdinIsTerminal() {
        String told = System.getProperty("arbor.stdin.tty");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
