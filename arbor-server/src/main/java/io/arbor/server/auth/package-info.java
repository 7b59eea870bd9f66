/**
 * Connection authentication and znode ACL enforcement, following ZooKeeper's rules.
 *
 * <ul>
 *   <li>{@link io.arbor.server.auth.AuthenticationProvider}: the pluggable, stable provider interface
 *       (built-ins: {@link io.arbor.server.auth.DigestAuthenticationProvider},
 *       {@link io.arbor.server.auth.IpAuthenticationProvider}).</li>
 *   <li>{@link io.arbor.server.auth.AuthProviders}: the per-server registry, scheme to provider.</li>
 *   <li>{@link io.arbor.server.auth.AclChecker}: permission checks on the request path and ACL
 *       normalisation for create/setACL.</li>
 * </ul>
 *
 * <p>The schemes {@code world}, {@code auth} and {@code super} are reserved and handled by the
 * checker itself; see {@link io.arbor.server.auth.Schemes}.
 */
package io.arbor.server.auth;
