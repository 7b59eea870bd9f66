package io.arbor.server.pipeline;

import io.arbor.protocol.Acl;
import java.util.List;

/**
 * What PREPARE knows of a node: the tree's state plus every change it has prepared that APPLY has not yet
 * applied. {@code exists} false records a delete in flight.
 */
record ChangeRecord(long zxid, boolean exists, int version, int cversion, int aversion, long ephemeralOwner,
                    int numChildren, List<Acl> acl) {
    static ChangeRecord deleted(long zxid) {
        return new ChangeRecord(zxid, false, 0, 0, 0, 0, 0, List.of());
    }

    ChangeRecord at(long newZxid) {
        return new ChangeRecord(newZxid, exists, version, cversion, aversion, ephemeralOwner, numChildren, acl);
    }

    ChangeRecord withVersion(long z, int v) {
        return new ChangeRecord(z, exists, v, cversion, aversion, ephemeralOwner, numChildren, acl);
    }

    ChangeRecord withAcl(long z, List<Acl> a, int av) {
        return new ChangeRecord(z, exists, version, cversion, av, ephemeralOwner, numChildren, a);
    }

    ChangeRecord withChildren(long z, int cv, int n) {
        return new ChangeRecord(z, exists, version, cv, aversion, ephemeralOwner, n, acl);
    }
}
