package io.arbor.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.arbor.protocol.Acl;
import io.arbor.protocol.Id;
import io.arbor.protocol.Perms;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AuthProvidersTest {

    @Test
    void defaultsRegisterIpAndDigestOnly() {
        AuthProviders p = AuthProviders.defaults();
        assertThat(p.get("ip")).isInstanceOf(IpAuthenticationProvider.class);
        assertThat(p.get("digest")).isInstanceOf(DigestAuthenticationProvider.class);
        assertThat(p.get("world")).isNull();
        assertThat(p.get("super")).isNull();
        assertThat(p.get("sasl")).isNull();
        assertThat(p.get(null)).isNull();
        assertThat(new AuthProviders(null, null, false).get("digest")).isNull();
    }

    @Test
    void superDigestIsPassedToTheDigestProvider() {
        AuthProviders p = new AuthProviders(Map.of(), DigestAuthenticationProvider.generateDigest("super:test"), true);
        AuthResult r = p.get("digest").authenticate(
                new InetSocketAddress("127.0.0.1", 1), "super:test".getBytes(StandardCharsets.UTF_8));
        assertThat(((AuthResult.Success) r).ids()).contains(Schemes.SUPER_ID);
    }

    @Test
    void customProviderIsLoadedAndUsedEndToEnd() {
        AuthProviders p = new AuthProviders(Map.of("authProvider.1", TokenTestProvider.class.getName()), null, true);
        AuthenticationProvider token = p.get("token");
        assertThat(token).isInstanceOf(TokenTestProvider.class);
        assertThat(p.get("digest")).isNotNull();

        AuthResult ok = token.authenticate(new InetSocketAddress("127.0.0.1", 1), "good-carol".getBytes(StandardCharsets.UTF_8));
        List<Id> conn = List.of(new Id("ip", "127.0.0.1"), ((AuthResult.Success) ok).ids().get(0));
        assertThat(token.authenticate(null, "bad".getBytes(StandardCharsets.UTF_8)).ok()).isFalse();

        AclChecker checker = new AclChecker(p, false);
        // custom ids are authenticated, so "auth" expands to them, and its isValid is consulted
        FixedAcl fixed = checker.fixup(Acl.CREATOR_ALL_ACL, conn);
        assertThat(fixed.acl()).containsExactly(new Acl(Perms.ALL, new Id("token", "carol")));
        assertThat(checker.check(fixed.acl(), Perms.READ, conn)).isTrue();
        assertThat(checker.check(fixed.acl(), Perms.READ, List.of(new Id("token", "dave")))).isFalse();
        assertThat(checker.check(List.of(new Acl(Perms.READ, new Id("token", "*"))), Perms.READ, conn)).isTrue();
        assertThat(checker.fixup(List.of(new Acl(Perms.READ, new Id("token", ""))), conn).isOk()).isFalse();
    }

    @Test
    void unknownClassNameFailsNamingClassAndKey() {
        assertThatThrownBy(() -> new AuthProviders(
                        Map.of("zookeeper.authProvider.7", "com.example.NoSuchProvider"), null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.example.NoSuchProvider")
                .hasMessageContaining("zookeeper.authProvider.7");
    }

    @Test
    void classNotImplementingTheInterfaceFailsNamingClassAndKey() {
        assertThatThrownBy(() -> new AuthProviders(
                        Map.of("authProvider.2", NotAProviderForTest.class.getName()), null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NotAProviderForTest.class.getName())
                .hasMessageContaining("authProvider.2")
                .hasMessageContaining("does not implement");
    }

    @Test
    void twoProvidersForOneSchemeAreRejected() {
        assertThatThrownBy(() -> new AuthProviders(Map.of(
                        "authProvider.1", TokenTestProvider.class.getName(),
                        "authProvider.2", TokenTestProvider.class.getName()), null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authProvider.1")
                .hasMessageContaining("authProvider.2");
    }

    @Test
    void providerClassesAreCollectedFromZooCfgAndSystemProperties() {
        Properties cfg = new Properties();
        cfg.setProperty("authProvider.1", " " + TokenTestProvider.class.getName() + " ");
        cfg.setProperty("clientPort", "2181");
        Properties sys = new Properties();
        sys.setProperty("zookeeper.authProvider.sasl", "com.example.Sasl");
        sys.setProperty("java.version", "17");
        assertThat(AuthProviders.providerClassesFrom(cfg, sys)).containsExactly(
                Map.entry("authProvider.1", TokenTestProvider.class.getName()),
                Map.entry("zookeeper.authProvider.sasl", "com.example.Sasl"));
    }
}
