package io.arbor.protocol;

/** Error codes carried in {@link ReplyHeader#err()}, numbered as ZooKeeper's KeeperException.Code. */
public final class ErrorCode {
    public static final int OK = 0;
    public static final int SYSTEM_ERROR = -1;
    public static final int RUNTIME_INCONSISTENCY = -2;
    public static final int DATA_INCONSISTENCY = -3;
    public static final int CONNECTION_LOSS = -4;
    public static final int MARSHALLING_ERROR = -5;
    public static final int UNIMPLEMENTED = -6;
    public static final int OPERATION_TIMEOUT = -7;
    public static final int BAD_ARGUMENTS = -8;
    public static final int UNKNOWN_SESSION = -12;
    public static final int NEW_CONFIG_NO_QUORUM = -13;
    public static final int RECONFIG_IN_PROGRESS = -14;
    public static final int API_ERROR = -100;
    public static final int NO_NODE = -101;
    public static final int NO_AUTH = -102;
    public static final int BAD_VERSION = -103;
    public static final int NO_CHILDREN_FOR_EPHEMERALS = -108;
    public static final int NODE_EXISTS = -110;
    public static final int NOT_EMPTY = -111;
    public static final int SESSION_EXPIRED = -112;
    public static final int INVALID_CALLBACK = -113;
    public static final int INVALID_ACL = -114;
    public static final int AUTH_FAILED = -115;
    public static final int SESSION_MOVED = -118;
    public static final int NOT_READONLY = -119;
    public static final int EPHEMERAL_ON_LOCAL_SESSION = -120;
    public static final int NO_WATCHER = -121;
    public static final int REQUEST_TIMEOUT = -122;
    public static final int RECONFIG_DISABLED = -123;
    public static final int SESSION_CLOSED_REQUIRE_SASL_AUTH = -124;
    public static final int QUOTA_EXCEEDED = -125;
    public static final int THROTTLED_OP = -127;

    private ErrorCode() {}

    /** The message ZooKeeper's clients print for a code, e.g. "NoNode" for -101. */
    public static String message(int code) {
        return switch (code) {
            case OK -> "ok";
            case SYSTEM_ERROR -> "SystemError";
            case RUNTIME_INCONSISTENCY -> "RuntimeInconsistency";
            case DATA_INCONSISTENCY -> "DataInconsistency";
            case CONNECTION_LOSS -> "ConnectionLoss";
            case MARSHALLING_ERROR -> "MarshallingError";
            case UNIMPLEMENTED -> "Unimplemented";
            case OPERATION_TIMEOUT -> "OperationTimeout";
            case BAD_ARGUMENTS -> "BadArguments";
            case UNKNOWN_SESSION -> "Unknown session";
            case NEW_CONFIG_NO_QUORUM -> "NewConfigNoQuorum";
            case RECONFIG_IN_PROGRESS -> "ReconfigInProgress";
            case API_ERROR -> "APIError";
            case NO_NODE -> "NoNode";
            case NO_AUTH -> "NoAuth";
            case BAD_VERSION -> "BadVersion";
            case NO_CHILDREN_FOR_EPHEMERALS -> "NoChildrenForEphemerals";
            case NODE_EXISTS -> "NodeExists";
            case NOT_EMPTY -> "Directory not empty";
            case SESSION_EXPIRED -> "Session expired";
            case INVALID_CALLBACK -> "Invalid callback";
            case INVALID_ACL -> "InvalidACL";
            case AUTH_FAILED -> "AuthFailed";
            case SESSION_MOVED -> "Session moved";
            case NOT_READONLY -> "Not a read-only call";
            case EPHEMERAL_ON_LOCAL_SESSION -> "Ephemeral node on local session";
            case NO_WATCHER -> "No such watcher";
            case REQUEST_TIMEOUT -> "Request timeout";
            case RECONFIG_DISABLED -> "Reconfig is disabled";
            case SESSION_CLOSED_REQUIRE_SASL_AUTH -> "Session closed because client failed to authenticate";
            case QUOTA_EXCEEDED -> "Quota has exceeded";
            case THROTTLED_OP -> "Op throttled due to high load";
            default -> "Unknown error " + code;
        };
    }
}
