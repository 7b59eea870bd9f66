package io.arbor.server.auth;

import io.arbor.protocol.Acl;
import io.arbor.protocol.ErrorCode;
import java.util.List;

/**
 * Result of {@link AclChecker#fixup}: the ACL to store ({@code err == ErrorCode.OK}), or an error
 * code ({@code acl == null}).
 */
public record FixedAcl(List<Acl> acl, int err) {

    public static FixedAcl ok(List<Acl> acl) {
        return new FixedAcl(List.copyOf(acl), ErrorCode.OK);
    }

    public static FixedAcl error(int err) {
        return new FixedAcl(null, err);
    }

    public boolean isOk() {
        return err == ErrorCode.OK;
    }
}
