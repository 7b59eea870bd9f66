package io.arbor.cli.shell;

import io.arbor.client.ArborException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The commands about the shell and its session rather than about nodes: addauth, connect, close, history, redo,
 * printwatches, quit.
 */
final class SessionCommands {
    private SessionCommands() {}

    static List<Command> all(Shell shell) {
        return List.of(new AddAuth(), new Connect(shell), new Close(), new History(shell), new Redo(shell),
                new PrintWatches(), new Quit(shell));
    }

    /** {@code addauth scheme auth}: credentials for the session, sent again on every reconnection. */
    static final class AddAuth extends Command {
        AddAuth() {
            super("addauth", "scheme auth", "", "");
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException {
            String scheme = required(args, 0);
            byte[] auth = args.at(1) == null ? new byte[0] : args.at(1).getBytes(StandardCharsets.UTF_8);
            ctx.client().addAuth(scheme, auth);
            return 0;
        }
    }

    /** {@code connect [host:port]}: closes the session and opens one to the servers given (the same ones by default). */
    static final class Connect extends Command {
        private final Shell shell;

        Connect(Shell shell) {
            super("connect", "host:port", "", "");
            this.shell = shell;
        }

        @Override
        boolean needsConnection() {
            return false;
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure {
            String target = args.at(0) != null ? args.at(0) : ctx.connection().connectString();
            try {
                shell.connect(target);
            } catch (IllegalArgumentException e) {
                throw CliFailure.of(e.getMessage());
            }
            return 0;
        }
    }

    /** {@code close}: ends the session; later commands answer "Not connected" until connect. */
    static final class Close extends Command {
        Close() {
            super("close", "", "", "");
        }

        @Override
        int run(ShellContext ctx, Args args) {
            ctx.connection().close();
            return 0;
        }
    }

    /** {@code history}: the last ten commands with their numbers, this one included. */
    static final class History extends Command {
        private final Shell shell;

        History(Shell shell) {
            super("history", "", "", "");
            this.shell = shell;
        }

        @Override
        boolean needsConnection() {
            return false;
        }

        @Override
        int run(ShellContext ctx, Args args) {
            int now = shell.commandCount();
            for (int i = Math.max(0, now - 10); i <= now; i++) {
                ctx.out.println(i + " - " + shell.history(i));
            }
            return 0;
        }
    }

    /** {@code redo cmdno}: runs command number cmdno of the history again. */
    static final class Redo extends Command {
        private final Shell shell;

        Redo(Shell shell) {
            super("redo", "cmdno", "", "");
            this.shell = shell;
        }

        @Override
        boolean needsConnection() {
            return false;
        }

        @Override
        int run(ShellContext ctx, Args args) throws CliFailure {
            int n;
            try {
                n = Integer.decode(required(args, 0));
            } catch (NumberFormatException e) {
                throw usageFailure();
            }
            if (n < 0 || n >= shell.commandCount()) {
                throw CliFailure.of("Command index out of range");
            }
            String line = shell.history(n);
            List<String> words = LineTokenizer.split(line);
            if (!words.isEmpty() && words.get(0).equals("redo")) {
                throw CliFailure.of("No redoing redos");
            }
            return shell.redo(line);
        }
    }

    /** {@code printwatches on|off}; without an argument, says which. */
    static final class PrintWatches extends Command {
        PrintWatches() {
            super("printwatches", "on|off", "", "");
        }

        @Override
        boolean needsConnection() {
            return false;
        }

        @Override
        int run(ShellContext ctx, Args args) {
            if (args.at(0) == null) {
                ctx.out.println("printwatches is " + (ctx.printer.enabled() ? "on" : "off"));
            } else {
                ctx.printer.enabled(args.at(0).equals("on"));
            }
            return 0;
        }
    }

    /** {@code quit}: ends the shell and its session. */
    static final class Quit extends Command {
        private final Shell shell;

        Quit(Shell shell) {
            super("quit", "", "", "");
            this.shell = shell;
        }

        @Override
        boolean needsConnection() {
            return false;
        }

        @Override
        int run(ShellContext ctx, Args args) {
            shell.quit();
            return 0;
        }
    }
}
