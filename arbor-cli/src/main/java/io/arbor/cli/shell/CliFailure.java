package io.arbor.cli.shell;

import io.arbor.client.ArborException;
import io.arbor.protocol.ErrorCode;
import java.util.List;

/** A command that failed: the lines to print on stderr and the exit status of a one-shot run. */
final class CliFailure extends Exception {
    /** zkCli's status for a failed command. */
    static final int FAILED = 1;
    /** zkCli's status for a command it does not know. */
    static final int NOT_FOUND = 127;

    private final List<String> lines;
    private final int exitCode;

    CliFailure(int exitCode, List<String> lines) {
        super(String.join("\n", lines), null, false, false);
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    static CliFailure of(String... lines) {
        return new CliFailure(FAILED, List.of(lines));
    }

    List<String> lines() {
        return lines;
    }

    int exitCode() {
        return exitCode;
    }

    /** The server's error in zkCli's words: {@code Node does not exist: /x}, or {@code KeeperErrorCode = ...}. */
    static CliFailure of(ArborException e) {
        return of(message(e.code(), e.path()));
    }

    static String message(int code, String path) {
        return switch (code) {
            case ErrorCode.NO_NODE -> "Node does not exist: " + path;
            case ErrorCode.NO_CHILDREN_FOR_EPHEMERALS -> "Ephemerals cannot have children: " + path;
            case ErrorCode.NODE_EXISTS -> "Node already exists: " + path;
            case ErrorCode.NOT_EMPTY -> "Node not empty: " + path;
            case ErrorCode.NOT_READONLY -> "Not a read-only call: " + path;
            case ErrorCode.INVALID_ACL -> "Acl is not valid : " + path;
            case ErrorCode.NO_AUTH -> "Insufficient permission : " + path;
            case ErrorCode.BAD_ARGUMENTS -> "Arguments are not valid : " + path;
            case ErrorCode.BAD_VERSION -> "version No is not valid : " + path;
            case ErrorCode.RECONFIG_IN_PROGRESS ->
                    "Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)";
            case ErrorCode.QUOTA_EXCEEDED -> "Quota has exceeded : " + path;
            default -> keeperErrorCode(code, path);
        };
    }

    /** KeeperException's own message, which zkCli prints for the codes it has no sentence for. */
    static String keeperErrorCode(int code, String path) {
        return "KeeperErrorCode = " + ErrorCode.message(code)
                + (path == null || path.isEmpty() ? "" : " for " + path);
    }
}
