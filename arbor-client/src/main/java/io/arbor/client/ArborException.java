package io.arbor.client;

import io.arbor.protocol.ErrorCode;

/**
 * An error the server answered (or the connection caused), with its ZooKeeper error code and the client path
 * it concerns. The common codes have a subclass each, so callers catch what they can act on; any other code is
 * an {@code ArborException} itself.
 */
public class ArborException extends Exception {
    private final int code;
    private final String path;
    private transient java.util.List<OpResult> results = java.util.List.of();

    public ArborException(int code, String path) {
        super(ErrorCode.message(code) + (path == null ? "" : " for " + path));
        this.code = code;
        this.path = path;
    }

    /** The error code, as {@link ErrorCode} numbers it. */
    public int code() {
        return code;
    }

    /** The path of the failed operation as the client named it (chroot removed), or null. */
    public String path() {
        return path;
    }

    /**
     * For a failed transaction: what each of its operations came to (the failed one and the ones after it as
     * {@link OpResult.Error}); empty for any other call.
     */
    public java.util.List<OpResult> results() {
        return results;
    }

    ArborException withResults(java.util.List<OpResult> results) {
        this.results = java.util.List.copyOf(results);
        return this;
    }

    public static ArborException of(int code, String path) {
        return switch (code) {
            case ErrorCode.NO_NODE -> new NoNodeException(path);
            case ErrorCode.NODE_EXISTS -> new NodeExistsException(path);
            case ErrorCode.BAD_VERSION -> new BadVersionException(path);
            case ErrorCode.NOT_EMPTY -> new NotEmptyException(path);
            case ErrorCode.NO_AUTH -> new NoAuthException(path);
            case ErrorCode.NO_CHILDREN_FOR_EPHEMERALS -> new NoChildrenForEphemeralsException(path);
            case ErrorCode.INVALID_ACL -> new InvalidAclException(path);
            case ErrorCode.BAD_ARGUMENTS -> new BadArgumentsException(path);
            case ErrorCode.CONNECTION_LOSS -> new ConnectionLossException(path);
            case ErrorCode.SESSION_EXPIRED -> new SessionExpiredException(path);
            case ErrorCode.OPERATION_TIMEOUT -> new OperationTimeoutException(path);
            case ErrorCode.AUTH_FAILED -> new AuthFailedException(path);
            case ErrorCode.UNIMPLEMENTED -> new UnimplementedException(path);
            case ErrorCode.REQUEST_TIMEOUT -> new RequestTimeoutException(path);
            case ErrorCode.NO_WATCHER -> new NoWatcherException(path);
            case ErrorCode.NOT_READONLY -> new NotReadOnlyException(path);
            default -> new ArborException(code, path);
        };
    }

    public static final class NoNodeException extends ArborException {
        public NoNodeException(String path) {
            super(ErrorCode.NO_NODE, path);
        }
    }

    public static final class NodeExistsException extends ArborException {
        public NodeExistsException(String path) {
            super(ErrorCode.NODE_EXISTS, path);
        }
    }

    public static final class BadVersionException extends ArborException {
        public BadVersionException(String path) {
            super(ErrorCode.BAD_VERSION, path);
        }
    }

    public static final class NotEmptyException extends ArborException {
        public NotEmptyException(String path) {
            super(ErrorCode.NOT_EMPTY, path);
        }
    }

    public static final class NoAuthException extends ArborException {
        public NoAuthException(String path) {
            super(ErrorCode.NO_AUTH, path);
        }
    }

    public static final class NoChildrenForEphemeralsException extends ArborException {
        public NoChildrenForEphemeralsException(String path) {
            super(ErrorCode.NO_CHILDREN_FOR_EPHEMERALS, path);
        }
    }

    public static final class InvalidAclException extends ArborException {
        public InvalidAclException(String path) {
            super(ErrorCode.INVALID_ACL, path);
        }
    }

    public static final class BadArgumentsException extends ArborException {
        public BadArgumentsException(String path) {
            super(ErrorCode.BAD_ARGUMENTS, path);
        }
    }

    /** The connection dropped before the answer came: the operation may or may not have happened. */
    public static final class ConnectionLossException extends ArborException {
        public ConnectionLossException(String path) {
            super(ErrorCode.CONNECTION_LOSS, path);
        }
    }

    /** The session is gone, and with it its ephemerals and watches. */
    public static final class SessionExpiredException extends ArborException {
        public SessionExpiredException(String path) {
            super(ErrorCode.SESSION_EXPIRED, path);
        }
    }

    public static final class OperationTimeoutException extends ArborException {
        public OperationTimeoutException(String path) {
            super(ErrorCode.OPERATION_TIMEOUT, path);
        }
    }

    public static final class AuthFailedException extends ArborException {
        public AuthFailedException(String path) {
            super(ErrorCode.AUTH_FAILED, path);
        }
    }

    public static final class UnimplementedException extends ArborException {
        public UnimplementedException(String path) {
            super(ErrorCode.UNIMPLEMENTED, path);
        }
    }

    /** No answer came within the client's request timeout; the connection was dropped, the request may have happened. */
    public static final class RequestTimeoutException extends ArborException {
        public RequestTimeoutException(String path) {
            super(ErrorCode.REQUEST_TIMEOUT, path);
        }
    }

    /** removeWatches found no such watch on the node. */
    public static final class NoWatcherException extends ArborException {
        public NoWatcherException(String path) {
            super(ErrorCode.NO_WATCHER, path);
        }
    }

    /** A write (or sync) sent to a server that serves reads only (the client is connected read-only). */
    public static final class NotReadOnlyException extends ArborException {
        public NotReadOnlyException(String path) {
            super(ErrorCode.NOT_READONLY, path);
        }
    }
}
