package io.arbor.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.protocol.Id;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DigestAuthenticationProviderTest {

    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);

    private static String independentDigest(String user, String password) throws Exception {
        byte[] sha1 = MessageDigest.getInstance("SHA-1")
                .digest((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return user + ":" + Base64.getEncoder().encodeToString(sha1);
    }

    @Test
    void generateDigestMatchesIndependentComputationAndKnownValues() throws Exception {
        assertThat(DigestAuthenticationProvider.generateDigest("user:password"))
                .isEqualTo(independentDigest("user", "password"))
                // computed outside Java: printf %s user:password | openssl sha1 -binary | base64
                .isEqualTo("user:tpUq/4Pn5A64fVZyQ0gOJ8ZWqkY=");
        // The super digest widely published for ZooKeeper's "super:test" example.
        assertThat(DigestAuthenticationProvider.generateDigest("super:test"))
                .isEqualTo("super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
        // Only the first ':' separates the user; the password may contain colons and non-ASCII.
        assertThat(DigestAuthenticationProvider.generateDigest("bob:pa:ss\u00e9"))
                .isEqualTo(independentDigest("bob", "pa:ss\u00e9"));
    }

    @Test
    void authenticateGivesDigestIdAndNoSuperWithoutSuperDigest() throws Exception {
        var p = new DigestAuthenticationProvider();
        AuthResult r = p.authenticate(REMOTE, "super:test".getBytes(StandardCharsets.UTF_8));
        assertThat(r).isEqualTo(new AuthResult.Success(
                java.util.List.of(new Id("digest", independentDigest("super", "test")))));
        assertThat(p.authenticate(REMOTE, null).ok()).isFalse();
    }

    @Test
    void superDigestAddsSuperIdOnlyForTheRightPassword() {
        var p = new DigestAuthenticationProvider("super:D/InIHSb7yEEbrWz8b9l71RjZJU=");

        AuthResult good = p.authenticate(REMOTE, "super:test".getBytes(StandardCharsets.UTF_8));
        assertThat(((AuthResult.Success) good).ids()).containsExactly(
                new Id("digest", "super:D/InIHSb7yEEbrWz8b9l71RjZJU="), new Id("super", ""));

        AuthResult wrong = p.authenticate(REMOTE, "super:nope".getBytes(StandardCharsets.UTF_8));
        assertThat(((AuthResult.Success) wrong).ids()).extracting(Id::scheme).containsExactly("digest");
    }

    @Test
    void isValidNeedsExactlyOneColonAndAHash() {
        var p = new DigestAuthenticationProvider();
        assertThat(p.isValid("user:tpUq/4Pn5A64fVZyQ0gOJ8ZWqkY=")).isTrue();
        assertThat(p.isValid("user")).isFalse();
        assertThat(p.isValid("user:")).isFalse();
        assertThat(p.isValid("a:b:c")).isFalse();
        assertThat(p.isAuthenticated()).isTrue();
    }

    @Test
    void matchesIsExactEquality() {
        var p = new DigestAuthenticationProvider();
        assertThat(p.matches("user:abc=", "user:abc=")).isTrue();
        assertThat(p.matches("user:abc=", "user:abd=")).isFalse();
        assertThat(p.matches("user:abc=", "User:abc=")).isFalse();
    }
}
