package io.arbor.server.auth;

import io.arbor.protocol.Id;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The {@code digest} scheme: the client sends {@code user:password} in plain text and the
 * connection gets the id {@code user:BASE64(SHA1("user:password"))}, see {@link #generateDigest}.
 *
 * <p>If a super digest is configured ({@code zookeeper.DigestAuthenticationProvider.superDigest},
 * format {@code super:<base64sha1>}) and the generated digest equals it, the connection also gets
 * {@link Schemes#SUPER_ID}, which bypasses all ACL checks.
 *
 * <p>Operators can compute digests from the command line:
 * {@code java -cp arbor-server.jar io.arbor.server.auth.DigestAuthenticationProvider super:secret}.
 */
public final class DigestAuthenticationProvider implements AuthenticationProvider {

    /** System property naming the super user's digest, as in ZooKeeper. */
    public static final String SUPER_DIGEST_PROPERTY = "zookeeper.DigestAuthenticationProvider.superDigest";
    /** System property that disables the scheme when {@code false}, as in ZooKeeper. */
    public static final String ENABLED_PROPERTY = "zookeeper.DigestAuthenticationProvider.enabled";

    private final byte[] superDigest;

    /** A provider without a super user. */
    public DigestAuthenticationProvider() {
        this(null);
    }

    /**
     * @param superDigest the super user's digest ({@code super:<base64sha1>}), or null/blank for none
     */
    public DigestAuthenticationProvider(String superDigest) {
        this.superDigest = superDigest == null || superDigest.isBlank()
                ? null
                : superDigest.trim().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns {@code user + ":" + BASE64(SHA1(userColonPassword as UTF-8))}, where {@code user} is the
     * text before the first {@code ':'} (the whole argument if there is none).
     */
    public static String generateDigest(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        String user = colon < 0 ? userColonPassword : userColonPassword.substring(0, colon);
        byte[] hash = sha1().digest(userColonPassword.getBytes(StandardCharsets.UTF_8));
        return user + ':' + Base64.getEncoder().encodeToString(hash);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1.
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    @Override
    public String scheme() {
        return Schemes.DIGEST;
    }

    @Override
    public AuthResult authenticate(InetSocketAddress remote, byte[] credentials) {
        if (credentials == null) {
            return AuthResult.failure("digest auth without credentials");
        }
        String digest = generateDigest(new String(credentials, StandardCharsets.UTF_8));
        Id id = new Id(Schemes.DIGEST, digest);
        if (isSuperDigest(digest)) {
            return AuthResult.success(List.of(id, Schemes.SUPER_ID));
        }
        return AuthResult.success(id);
    }

    private boolean isSuperDigest(String digest) {
        // Constant-time comparison: the configured value is a secret.
        return superDigest != null && MessageDigest.isEqual(superDigest, digest.getBytes(StandardCharsets.UTF_8));
    }

    /** Digest ids match only when identical. */
    @Override
    public boolean matches(String connectionId, String aclId) {
        return connectionId != null && connectionId.equals(aclId);
    }

    @Override
    public boolean isAuthenticated() {
        return true;
    }

    /** {@code user:hash}: exactly one {@code ':'} and a non-empty hash. */
    @Override
    public boolean isValid(String aclId) {
        if (aclId == null) {
            return false;
        }
        int colon = aclId.indexOf(':');
        return colon >= 0 && colon < aclId.length() - 1 && aclId.indexOf(':', colon + 1) < 0;
    }

    /** Prints {@code arg->digest} for each {@code user:password} argument. */
    public static void main(String[] args) {
        for (String arg : args) {
            System.out.println(arg + "->" + generateDigest(arg));
        }
    }
}
