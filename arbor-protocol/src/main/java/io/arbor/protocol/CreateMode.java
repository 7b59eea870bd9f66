package io.arbor.protocol;

/** The create flags a client sends, with what each means. */
public enum CreateMode {
    PERSISTENT(0, false, false, false, false),
    EPHEMERAL(1, true, false, false, false),
    PERSISTENT_SEQUENTIAL(2, false, true, false, false),
    EPHEMERAL_SEQUENTIAL(3, true, true, false, false),
    CONTAINER(4, false, false, true, false),
    PERSISTENT_WITH_TTL(5, false, false, false, true),
    PERSISTENT_SEQUENTIAL_WITH_TTL(6, false, true, false, true);

    private static final CreateMode[] BY_FLAG = values();

    public final int flag;
    public final boolean ephemeral;
    public final boolean sequential;
    public final boolean container;
    public final boolean ttl;

    CreateMode(int flag, boolean ephemeral, boolean sequential, boolean container, boolean ttl) {
        this.flag = flag;
        this.ephemeral = ephemeral;
        this.sequential = sequential;
        this.container = container;
        this.ttl = ttl;
    }

    /** The mode for a flag value, or null when the value names no mode (the server answers BadArguments). */
    public static CreateMode fromFlag(int flag) {
        return flag >= 0 && flag < BY_FLAG.length ? BY_FLAG[flag] : null;
    }
}
