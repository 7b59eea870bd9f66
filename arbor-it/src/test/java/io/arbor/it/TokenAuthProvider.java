package io.arbor.it;

import io.arbor.protocol.Id;
import io.arbor.server.auth.AuthResult;
import io.arbor.server.auth.AuthenticationProvider;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A custom provider as an operator would plug one in: "token" credentials "secret-of-NAME" give id token:NAME. */
public final class TokenAuthProvider implements AuthenticationProvider {
    @Override
    public String scheme() {
        return "token";
    }

    @Override
    public AuthResult authenticate(InetSocketAddress remote, byte[] credentials) {
        String token = new String(credentials, StandardCharsets.UTF_8);
        if (!token.startsWith("secret-of-")) {
            return AuthResult.failure("not a token");
        }
        return AuthResult.success(new Id("token", token.substring("secret-of-".length())));
    }

    @Override
    public boolean matches(String connectionId, String aclId) {
        return connectionId.equals(aclId);
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
