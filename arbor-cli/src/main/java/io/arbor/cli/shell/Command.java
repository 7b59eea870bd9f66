package io.arbor.cli.shell;

import io.arbor.client.ArborException;
import io.arbor.protocol.PathValidator;
import java.util.List;

/**
 * One shell command: its name, its usage as zkCli prints it, the options it takes, and what it does. {@link #run}
 * returns the exit status (0) or throws: a {@link CliFailure} for what the shell itself refuses, an
 * {@link ArborException} for what the server refused.
 */
abstract class Command {
    private final String name;
    private final String optionString;
    private final String flags;
    private final String valued;

    /**
     * @param optionString the usage after the name, e.g. {@code [-s] [-w] path}
     * @param flags        option letters without a value
     * @param valued       option letters that take a value
     */
    Command(String name, String optionString, String flags, String valued) {
        this.name = name;
        this.optionString = optionString;
        this.flags = flags;
        this.valued = valued;
    }

    final String name() {
        return name;
    }

    final String optionString() {
        return optionString;
    }

    final String usage() {
        return name + " " + optionString;
    }

    /** What is printed when the command is misused: the usage, and for some commands what each option does. */
    List<String> help() {
        return List.of(usage());
    }

    /** Whether the command talks to the server (and so refuses with "Not connected" after close). */
    boolean needsConnection() {
        return true;
    }

    final Args parse(List<String> words) throws CliFailure {
        try {
            return Args.parse(words, flags, valued);
        } catch (CliFailure e) {
            throw new CliFailure(CliFailure.FAILED, concat(e.lines(), help()));
        }
    }

    abstract int run(ShellContext ctx, Args args) throws CliFailure, ArborException, InterruptedException;

    /** The usage as a failure, for missing or malformed arguments. */
    final CliFailure usageFailure() {
        return new CliFailure(CliFailure.FAILED, help());
    }

    /** The n-th positional argument, which must be there. */
    final String required(Args args, int n) throws CliFailure {
        String value = args.at(n);
        if (value == null) {
            throw usageFailure();
        }
        return value;
    }

    /** The n-th positional argument as a znode path, refused with zkCli's words when it is not a valid one. */
    final String path(Args args, int n) throws CliFailure {
        return checkPath(required(args, n), false);
    }

    static String checkPath(String path, boolean sequential) throws CliFailure {
        // ZooKeeper checks a sequential node's path with a digit appended, so "/a/" is a valid prefix there
        String problem = PathValidator.problem(sequential ? path + "1" : path);
        if (problem == null) {
            return path;
        }
        if (problem.startsWith("Path ")) {
            throw CliFailure.of(problem);
        }
        throw CliFailure.of("Invalid path string \"" + (sequential ? path + "1" : path) + "\" caused by " + problem);
    }

    static int parseInt(String value, String what) throws CliFailure {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw CliFailure.of(what + " argument must be an int value");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
