package io.arbor.server.auth;

import io.arbor.protocol.Id;

/** Names of the ACL schemes the server knows without configuration. */
public final class Schemes {
    /** {@code world:anyone} matches every connection; {@code anyone} is the only valid world id. */
    public static final String WORLD = "world";
    /** The only id of the {@code world} scheme. */
    public static final String ANYONE = "anyone";
    /** Placeholder expanded by {@link AclChecker#fixup} to the creator's authenticated ids. */
    public static final String AUTH = "auth";
    /** A connection holding any id of this scheme bypasses every ACL check. */
    public static final String SUPER = "super";
    public static final String DIGEST = "digest";
    public static final String IP = "ip";

    /** The id a connection gets when it authenticates as the super user. */
    public static final Id SUPER_ID = new Id(SUPER, "");

    private Schemes() {}

    /** Whether {@code scheme} is handled by the checker itself and cannot be claimed by a provider. */
    public static boolean isReserved(String scheme) {
        return WORLD.equals(scheme) || AUTH.equals(scheme) || SUPER.equals(scheme);
    }
}
