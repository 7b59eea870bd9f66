package io.arbor.cli.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the data of create and set comes from. Beyond zkCli's literal text: {@code @file} reads a file
 * ({@code @@text} is the literal {@code @text}); in a one-shot command {@code -} reads stdin, and so does a create
 * or set given no data at all when stdin is not a terminal.
 */
final class DataArgument {
    private DataArgument() {}

    /**
     * The bytes for {@code arg}, or for a missing one (null) what stdin holds when it may be read; null when there
     * is no data. {@code emptyStdinIsNone}: an empty stdin means "no data" (create stores null then, as zkCli's
     * create without data does) rather than zero bytes.
     */
    static byte[] resolve(ShellContext ctx, String arg, boolean emptyStdinIsNone) throws CliFailure {
        if (arg == null) {
            if (ctx.stdinUse() != ShellContext.StdinUse.DATA) {
                return null;
            }
            byte[] in = stdin(ctx);
            return in.length == 0 && emptyStdinIsNone ? null : in;
        }
        if (arg.equals("-") && ctx.stdinUse() != ShellContext.StdinUse.COMMANDS) {
            return stdin(ctx);
        }
        if (arg.startsWith("@@")) {
            return arg.substring(1).getBytes(StandardCharsets.UTF_8);
        }
        if (arg.startsWith("@") && arg.length() > 1) {
            Path file = Path.of(arg.substring(1));
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw CliFailure.of("No such file: " + file);
            } catch (IOException e) {
                throw CliFailure.of("Cannot read " + file + ": " + e.getMessage());
            }
        }
        return arg.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] stdin(ShellContext ctx) throws CliFailure {
        try {
            return ctx.readStdin();
        } catch (IOException e) {
            throw CliFailure.of("Cannot read stdin: " + e.getMessage());
        }
    }
}
