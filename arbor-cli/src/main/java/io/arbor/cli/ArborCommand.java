package io.arbor.cli;

import io.arbor.cli.shell.ShellCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/arbor}: the entry point of every sub-command. */
@Command(name = "arbor", mixinStandardHelpOptions = true, version = "Arbor 0.1.0",
        description = "A coordination service that speaks Apache ZooKeeper's wire protocol.",
        subcommands = {ServerCommand.class, LogDumpCommand.class, SnapshotDumpCommand.class, ShellCommand.class})
public final class ArborCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line of every sub-command, configured as main runs it. */
    public static CommandLine commandLine() {
        // picocli would read "@file" as a file of arguments: for the shell it is data (set /a @file)
        CommandLine arbor = new CommandLine(new ArborCommand()).setExpandAtFiles(false);
        ShellCommand.configure(arbor.getSubcommands().get("cli"));
        return arbor;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
