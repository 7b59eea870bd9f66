package io.arbor.server.auth;

import io.arbor.protocol.Id;
import java.net.InetSocketAddress;

/**
 * A pluggable authentication scheme. This interface is public and stable: operators implement it
 * and register the class with {@code authProvider.N=com.example.MyProvider} in zoo.cfg or the system
 * property {@code zookeeper.authProvider.N} (see {@link AuthProviders}).
 *
 * <p>Requirements for implementations:
 * <ul>
 *   <li>a public no-argument constructor; one instance is created per server and shared by all
 *       connections, so every method must be thread-safe;</li>
 *   <li>{@link #matches} and {@link #isValid} are called on the request path and must be fast and
 *       must not block (no DNS, no I/O);</li>
 *   <li>the scheme must not be one of the reserved names {@code world}, {@code auth}, {@code super}.</li>
 * </ul>
 * An exception thrown by {@link #authenticate} is treated as a failed authentication.
 */
public interface AuthenticationProvider {

    /** The ACL scheme this provider handles, e.g. {@code "digest"}. Must be constant. */
    String scheme();

    /**
     * Handles a client's {@code auth} packet for this scheme.
     *
     * @param remote the client's address (may be unresolved)
     * @param credentials the packet's auth data, exactly as the client sent it
     * @return the ids to add to the connection, or a failure
     */
    AuthResult authenticate(InetSocketAddress remote, byte[] credentials);

    /**
     * Whether an id the connection holds satisfies an ACL entry's id; both ids are of this scheme.
     *
     * @param connectionId the id part of one of the connection's ids
     * @param aclId the id part of the ACL entry
     */
    boolean matches(String connectionId, String aclId);

    /**
     * Whether ids of this scheme identify an authenticated principal, i.e. replace the {@code auth}
     * placeholder in ACLs given to create and setACL.
     */
    boolean isAuthenticated();

    /** Whether {@code aclId} is a well-formed ACL id for this scheme (checked at create and setACL). */
    boolean isValid(String aclId);
}
