package io.arbor.client;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Stat;
import java.util.List;

/** A node's ACL with its Stat, as getACL returns them. */
public record AclStat(List<Acl> acl, Stat stat) {}
