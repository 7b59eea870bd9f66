package io.arbor.server.auth;

import io.arbor.protocol.Id;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A custom provider as an operator would write one: credentials "good-&lt;name&gt;" give token:&lt;name&gt;. */
public class TokenTestProvider implements AuthenticationProvider {
    @Override
    public String scheme() {
        return "token";
    }

    @Override
    public AuthResult authenticate(InetSocketAddress remote, byte[] credentials) {
        String s = new String(credentials, StandardCharsets.UTF_8);
        return s.startsWith("good-")
                ? AuthResult.success(new Id("token", s.substring(5)))
                : AuthResult.failure("bad token");
    }

    @Override
    public boolean matches(String connectionId, String aclId) {
        return connectionId.equals(aclId) || "*".equals(aclId);
    }

    @Override
    public boolean isAuthenticated() {
        return true;
    }

    @Override
    public boolean isValid(String aclId) {
        return !aclId.isEmpty();
    }
}
