package io.arbor.protocol;

/**
 * The encodings of Stat.ephemeralOwner for the extended node types: a container is marked with
 * 0x8000000000000000, a TTL node with 0xFF in the top byte and the TTL in ms in the low 40 bits.
 */
public final class EphemeralOwner {
    public static final long CONTAINER = Long.MIN_VALUE;
    public static final long TTL_MASK = 0xFF00_0000_0000_0000L;
    public static final long MAX_TTL = 0x0000_00FF_FFFF_FFFFL;

    private EphemeralOwner() {}

    public static long ttl(long ttlMillis) {
        return TTL_MASK | ttlMillis;
    }

    public static boolean isContainer(long owner) {
        return owner == CONTAINER;
    }

    public static boolean isTtl(long owner) {
        return owner != CONTAINER && (owner & TTL_MASK) == TTL_MASK;
    }

    public static long ttlMillis(long owner) {
        return owner & MAX_TTL;
    }

    /** A real session owns the node (not persistent, not container, not TTL). */
    public static boolean isSession(long owner) {
        return owner != 0 && !isContainer(owner) && !isTtl(owner);
    }
}
