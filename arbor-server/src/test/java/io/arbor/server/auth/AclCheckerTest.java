package io.arbor.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.Acl;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.Id;
import io.arbor.protocol.Perms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclCheckerTest {

    private static final String ALICE = DigestAuthenticationProvider.generateDigest("alice:pw");
    private static final String BOB = DigestAuthenticationProvider.generateDigest("bob:pw");
    private static final Id ALICE_ID = new Id("digest", ALICE);
    private static final Id BOB_ID = new Id("digest", BOB);
    private static final Id IP_ID = new Id("ip", "10.1.2.3");

    private final AclChecker checker = new AclChecker(AuthProviders.defaults(), false);

    // ---- check -------------------------------------------------------------------------------

    @Test
    void worldAnyoneGrantsOnlyItsBits() {
        assertThat(checker.check(Acl.OPEN_ACL_UNSAFE, Perms.DELETE, List.of())).isTrue();
        assertThat(checker.check(Acl.READ_ACL_UNSAFE, Perms.READ, List.of(IP_ID))).isTrue();
        assertThat(checker.check(Acl.READ_ACL_UNSAFE, Perms.WRITE, List.of(IP_ID))).isFalse();
        // any of the requested bits is enough (getACL asks for READ | ADMIN)
        assertThat(checker.check(Acl.READ_ACL_UNSAFE, Perms.READ | Perms.ADMIN, List.of())).isTrue();
        // a world id other than anyone grants nothing
        assertThat(checker.check(List.of(new Acl(Perms.ALL, new Id("world", "someone"))), Perms.READ, List.of(IP_ID)))
                .isFalse();
    }

    @Test
    void digestEntryCreatedThroughAuthExpansionMatchesOnlyThatUser() {
        FixedAcl fixed = checker.fixup(Acl.CREATOR_ALL_ACL, List.of(IP_ID, ALICE_ID));
        assertThat(fixed.isOk()).isTrue();
        List<Acl> node = fixed.acl();

        assertThat(checker.check(node, Perms.WRITE, List.of(IP_ID, ALICE_ID))).isTrue();
        assertThat(checker.check(node, Perms.WRITE, List.of(IP_ID, BOB_ID))).isFalse();
        assertThat(checker.check(node, Perms.WRITE, List.of(IP_ID))).isFalse();
        // an id of another scheme with the same text does not count
        assertThat(checker.check(node, Perms.WRITE, List.of(new Id("ip", ALICE)))).isFalse();
    }

    @Test
    void ipEntriesMatchByCidr() {
        List<Acl> node = List.of(
                new Acl(Perms.READ, new Id("ip", "10.0.0.0/8")),
                new Acl(Perms.ALL, new Id("ip", "10.1.2.3")));
        assertThat(checker.check(node, Perms.ADMIN, List.of(IP_ID))).isTrue();
        assertThat(checker.check(node, Perms.READ, List.of(new Id("ip", "10.9.9.9")))).isTrue();
        assertThat(checker.check(node, Perms.WRITE, List.of(new Id("ip", "10.9.9.9")))).isFalse();
        assertThat(checker.check(node, Perms.READ, List.of(new Id("ip", "11.0.0.1")))).isFalse();
    }

    @Test
    void superBypassesEverything() {
        List<Acl> node = List.of(new Acl(Perms.READ, BOB_ID));
        assertThat(checker.check(node, Perms.ADMIN, List.of(IP_ID, Schemes.SUPER_ID))).isTrue();
        assertThat(checker.check(node, Perms.ADMIN, List.of(IP_ID))).isFalse();
    }

    @Test
    void emptyOrNullAclAndSkipAclAllowEverything() {
        assertThat(checker.check(List.of(), Perms.ADMIN, List.of())).isTrue();
        assertThat(checker.check(null, Perms.ADMIN, null)).isTrue();

        List<Acl> node = List.of(new Acl(Perms.READ, BOB_ID));
        assertThat(checker.check(node, Perms.WRITE, List.of())).isFalse();
        assertThat(new AclChecker(AuthProviders.defaults(), true).check(node, Perms.WRITE, List.of())).isTrue();
    }

    @Test
    void unknownSchemeInStoredAclGrantsNothing() {
        List<Acl> node = List.of(new Acl(Perms.ALL, new Id("x509", "CN=a")));
        assertThat(checker.check(node, Perms.READ, List.of(new Id("x509", "CN=a")))).isFalse();
    }

    // ---- fixup -------------------------------------------------------------------------------

    @Test
    void fixupRemovesDuplicatesKeepingOrder() {
        Acl ipAcl = new Acl(Perms.READ, new Id("ip", "10.0.0.0/8"));
        Acl world = new Acl(Perms.ALL, Id.ANYONE);
        FixedAcl fixed = checker.fixup(List.of(ipAcl, world, ipAcl, world), List.of());
        assertThat(fixed.err()).isEqualTo(ErrorCode.OK);
        assertThat(fixed.acl()).containsExactly(ipAcl, world);
    }

    @Test
    void fixupExpandsAuthToEveryAuthenticatedIdButNotIpOrSuper() {
        FixedAcl fixed = checker.fixup(
                List.of(new Acl(Perms.READ | Perms.WRITE, Id.AUTH), new Acl(Perms.READ, Id.ANYONE)),
                List.of(IP_ID, ALICE_ID, Schemes.SUPER_ID, BOB_ID));
        assertThat(fixed.acl()).containsExactly(
                new Acl(Perms.READ | Perms.WRITE, ALICE_ID),
                new Acl(Perms.READ | Perms.WRITE, BOB_ID),
                new Acl(Perms.READ, Id.ANYONE));
    }

    @Test
    void fixupAuthWithoutAuthenticatedIdsIsInvalid() {
        assertThat(checker.fixup(Acl.CREATOR_ALL_ACL, List.of(IP_ID)).err()).isEqualTo(ErrorCode.INVALID_ACL);
        assertThat(checker.fixup(Acl.CREATOR_ALL_ACL, List.of()).err()).isEqualTo(ErrorCode.INVALID_ACL);
    }

    @Test
    void fixupRejectsEmptyBadWorldUnknownSchemeAndMalformedIds() {
        List<Id> conn = List.of(IP_ID, ALICE_ID);
        assertThat(checker.fixup(List.of(), conn).err()).isEqualTo(ErrorCode.INVALID_ACL);
        assertThat(checker.fixup(null, conn).err()).isEqualTo(ErrorCode.INVALID_ACL);
        assertThat(checker.fixup(List.of(new Acl(Perms.ALL, new Id("world", "everyone"))), conn).err())
                .isEqualTo(ErrorCode.INVALID_ACL);
        assertThat(checker.fixup(List.of(new Acl(Perms.ALL, new Id("kerberos", "alice"))), conn).err())
                .isEqualTo(ErrorCode.INVALID_ACL);
        assertThat(checker.fixup(List.of(new Acl(Perms.ALL, Schemes.SUPER_ID)), conn).err())
                .isEqualTo(ErrorCode.INVALID_ACL);
        assertThat(checker.fixup(List.of(new Acl(Perms.ALL, new Id("ip", "10.0.0.300"))), conn).err())
                .isEqualTo(ErrorCode.INVALID_ACL);
        assertThat(checker.fixup(List.of(new Acl(Perms.ALL, new Id("ip", "example.com"))), conn).err())
                .isEqualTo(ErrorCode.INVALID_ACL);
        assertThat(checker.fixup(List.of(new Acl(Perms.ALL, new Id("digest", "alice"))), conn).err())
                .isEqualTo(ErrorCode.INVALID_ACL);
        // one bad entry spoils an otherwise valid list
        assertThat(checker.fixup(
                        List.of(new Acl(Perms.ALL, Id.ANYONE), new Acl(Perms.ALL, new Id("ip", "1.2.3.4/40"))), conn)
                .err()).isEqualTo(ErrorCode.INVALID_ACL);
    }

    @Test
    void fixupAcceptsDigestWhenDisabledOnlyIfRegistered() {
        var noDigest = new AclChecker(new AuthProviders(Map.of(), null, false), false);
        List<Acl> acl = List.of(new Acl(Perms.ALL, ALICE_ID));
        assertThat(checker.fixup(acl, List.of()).isOk()).isTrue();
        assertThat(noDigest.fixup(acl, List.of()).err()).isEqualTo(ErrorCode.INVALID_ACL);
    }

    // ---- maskDigests -------------------------------------------------------------------------

    @Test
    void maskDigestsHidesHashesOnly() {
        List<Acl> acl = List.of(
                new Acl(Perms.ALL, Id.ANYONE),
                new Acl(Perms.READ, ALICE_ID),
                new Acl(Perms.READ, IP_ID));
        assertThat(AclChecker.maskDigests(acl)).containsExactly(
                new Acl(Perms.ALL, Id.ANYONE),
                new Acl(Perms.READ, new Id("digest", "alice:x")),
                new Acl(Perms.READ, IP_ID));
        assertThat(AclChecker.maskDigests(Acl.OPEN_ACL_UNSAFE)).isSameAs(Acl.OPEN_ACL_UNSAFE);
    }
}
