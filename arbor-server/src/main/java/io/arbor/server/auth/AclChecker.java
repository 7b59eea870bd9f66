package io.arbor.server.auth;

import io.arbor.protocol.Acl;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.Id;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * ZooKeeper's ACL rules: {@link #check} on every request, {@link #fixup} for create and setACL,
 * {@link #maskDigests} for getACL. Stateless apart from its configuration, thread-safe.
 *
 * <p>Lists passed to {@link #check} are read by index, so they should be {@link java.util.RandomAccess}
 * (as ACLs decoded from the wire and connection id lists are).
 */
public final class AclChecker {

    private final AuthProviders providers;
    private final boolean skipAcl;

    /**
     * @param providers the registered schemes
     * @param skipAcl {@code zookeeper.skipACL=yes}: every check passes (unsafe)
     */
    public AclChecker(AuthProviders providers, boolean skipAcl) {
        this.providers = Objects.requireNonNull(providers, "providers");
        this.skipAcl = skipAcl;
    }

    public AuthProviders providers() {
        return providers;
    }

    public boolean skipAcl() {
        return skipAcl;
    }

    /**
     * Whether a connection holding {@code connectionIds} may perform an operation needing
     * {@code perm} on a node whose ACL is {@code nodeAcl}. An entry grants access when it has any of
     * the bits in {@code perm} (so {@code READ | ADMIN} means "READ or ADMIN", as getACL needs).
     *
     * <p>Passes when ACLs are skipped, the node ACL is null or empty, the connection holds a
     * {@code super} id, or some entry with the bit is {@code world:anyone} or is matched, by its
     * scheme's provider, by a connection id of the same scheme. A failure means NO_AUTH.
     */
    public boolean check(List<Acl> nodeAcl, int perm, List<Id> connectionIds) {
        if (skipAcl || nodeAcl == null || nodeAcl.isEmpty()) {
            return true;
        }
        int idCount = connectionIds == null ? 0 : connectionIds.size();
        for (int i = 0; i < idCount; i++) {
            if (Schemes.SUPER.equals(connectionIds.get(i).scheme())) {
                return true;
            }
        }
        for (int a = 0, n = nodeAcl.size(); a < n; a++) {
            Acl entry = nodeAcl.get(a);
            if ((entry.perms() & perm) == 0) {
                continue;
            }
            Id aclId = entry.id();
            String scheme = aclId.scheme();
            if (Schemes.WORLD.equals(scheme) && Schemes.ANYONE.equals(aclId.id())) {
                return true;
            }
            AuthenticationProvider provider = providers.get(scheme);
            if (provider == null) {
                continue;
            }
            for (int i = 0; i < idCount; i++) {
                Id connId = connectionIds.get(i);
                if (scheme.equals(connId.scheme()) && provider.matches(connId.id(), aclId.id())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Validates and normalises an ACL given to create or setACL by a connection holding
     * {@code connectionIds}:
     * <ul>
     *   <li>null or empty: INVALID_ACL;</li>
     *   <li>a {@code world} id must be exactly {@code anyone};</li>
     *   <li>an {@code auth} entry is replaced by one entry (with its perms) per connection id whose
     *       scheme's provider {@link AuthenticationProvider#isAuthenticated() is authenticated}; none:
     *       INVALID_ACL;</li>
     *   <li>any other scheme needs a registered provider whose {@code isValid} accepts the id,
     *       otherwise INVALID_ACL ({@code super} has no provider, so it is never accepted);</li>
     *   <li>duplicate entries of the result are dropped, first occurrence kept.</li>
     * </ul>
     */
    public FixedAcl fixup(List<Acl> requested, List<Id> connectionIds) {
        if (requested == null || requested.isEmpty()) {
            return FixedAcl.error(ErrorCode.INVALID_ACL);
        }
        Set<Acl> result = new LinkedHashSet<>();
        for (Acl entry : requested) {
            Id id = entry == null ? null : entry.id();
            if (id == null || id.scheme() == null) {
                return FixedAcl.error(ErrorCode.INVALID_ACL);
            }
            String scheme = id.scheme();
            if (Schemes.WORLD.equals(scheme)) {
                if (!Schemes.ANYONE.equals(id.id())) {
                    return FixedAcl.error(ErrorCode.INVALID_ACL);
                }
                result.add(entry);
            } else if (Schemes.AUTH.equals(scheme)) {
                boolean expanded = false;
                if (connectionIds != null) {
                    for (Id connId : connectionIds) {
                        AuthenticationProvider p = providers.get(connId.scheme());
                        if (p != null && p.isAuthenticated()) {
                            result.add(new Acl(entry.perms(), connId));
                            expanded = true;
                        }
                    }
                }
                if (!expanded) {
                    return FixedAcl.error(ErrorCode.INVALID_ACL);
                }
            } else {
                AuthenticationProvider p = providers.get(scheme);
                if (p == null || id.id() == null || !p.isValid(id.id())) {
                    return FixedAcl.error(ErrorCode.INVALID_ACL);
                }
                result.add(entry);
            }
        }
        return FixedAcl.ok(new ArrayList<>(result));
    }

    /**
     * The ACL as getACL returns it to a caller without ADMIN on the node: every {@code digest} id
     * {@code user:hash} becomes {@code user:x}. Returns {@code acl} itself when there is nothing to mask.
     */
    public static List<Acl> maskDigests(List<Acl> acl) {
        if (acl == null) {
            return null;
        }
        List<Acl> out = null;
        for (int i = 0, n = acl.size(); i < n; i++) {
            Acl entry = acl.get(i);
            Id id = entry.id();
            if (Schemes.DIGEST.equals(id.scheme()) && id.id() != null) {
                if (out == null) {
                    out = new ArrayList<>(acl.subList(0, i));
                }
                int colon = id.id().indexOf(':');
                String user = colon < 0 ? id.id() : id.id().substring(0, colon);
                out.add(new Acl(entry.perms(), new Id(Schemes.DIGEST, user + ":x")));
            } else if (out != null) {
                out.add(entry);
            }
        }
        return out == null ? acl : List.copyOf(out);
    }
}
