package io.arbor.cli.shell;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code arbor cli} with a command, as bin/arbor would, with a given stdin (not a terminal). */
final class ArborCli {
    private ArborCli() {}

    static Outcome oneShot(String connectString, String... command) {
        return oneShot(connectString, new byte[0], command);
    }

    static Outcome oneShot(String connectString, byte[] stdin, String... command) {
        List<String> args = new ArrayList<>(List.of("-server", connectString, "-timeout", "5000"));
        args.addAll(List.of(command));
        return run(stdin, false, args.toArray(String[]::new));
    }

    /** {@code arbor cli ARGS} with stdin holding {@code stdin}, taken for a terminal or not. */
    static Outcome run(byte[] stdin, boolean stdinIsTerminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ShellCommand.configure(
                new CommandLine(new ShellCommand(new ByteArrayInputStream(stdin), stdinIsTerminal)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Outcome(out.toString(), err.toString(), exit);
    }
}
