package io.arbor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/arbor}: the entry point of every sub-command. */
@Command(name = "arbor", mixinStandardHelpOptions = true, version = "Arbor 0.1.0",
        description = "A coordination service that speaks Apache ZooKeeper's wire protocol.",
        subcommands = {ServerCommand.class, LogDumpCommand.class, SnapshotDumpCommand.class})
public final class ArborCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ArborCommand()).execute(args));
    }
}
