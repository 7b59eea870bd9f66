package io.arbor.server.auth;

import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's registry of authentication providers, scheme to provider. Immutable once built.
 *
 * <p>Always registers {@code ip}, and {@code digest} unless disabled; then every configured custom
 * provider, loaded by class name from the thread context class loader and created with its public
 * no-arg constructor. A custom provider may replace a built-in scheme; two custom providers may not
 * claim the same scheme, and none may claim a reserved scheme ({@code world}, {@code auth},
 * {@code super}). Any configuration problem throws {@link IllegalArgumentException} naming the
 * class and the config key, so the server refuses to start.
 */
public final class AuthProviders {

    private static final Logger LOG = LoggerFactory.getLogger(AuthProviders.class);

    /** zoo.cfg key prefix for custom providers: {@code authProvider.N=class}. */
    public static final String CONFIG_PREFIX = "authProvider.";
    /** System property prefix for custom providers: {@code zookeeper.authProvider.N=class}. */
    public static final String SYSTEM_PROPERTY_PREFIX = "zookeeper.authProvider.";

    private final Map<String, AuthenticationProvider> byScheme;

    /**
     * @param authProviderClasses config key (e.g. {@code authProvider.1}) to provider class name; may
     *     be null. Keys only serve error messages and the load order (sorted).
     * @param superDigest the super user's digest ({@code super:<base64sha1>}), or null for none
     * @param digestEnabled whether to register the built-in {@code digest} scheme
     */
    public AuthProviders(Map<String, String> authProviderClasses, String superDigest, boolean digestEnabled) {
        Map<String, AuthenticationProvider> map = new LinkedHashMap<>();
        IpAuthenticationProvider ip = new IpAuthenticationProvider();
        map.put(ip.scheme(), ip);
        if (digestEnabled) {
            DigestAuthenticationProvider digest = new DigestAuthenticationProvider(superDigest);
            map.put(digest.scheme(), digest);
        } else if (superDigest != null && !superDigest.isBlank()) {
            LOG.warn("A super digest is configured but the digest scheme is disabled; it has no effect");
        }
        Map<String, String> customKeyByScheme = new TreeMap<>();
        if (authProviderClasses != null) {
            for (Map.Entry<String, String> e : new TreeMap<>(authProviderClasses).entrySet()) {
                String key = e.getKey();
                AuthenticationProvider p = load(key, e.getValue());
                String scheme = p.scheme();
                String className = p.getClass().getName();
                if (scheme == null || scheme.isEmpty()) {
                    throw new IllegalArgumentException(
                            "Auth provider " + className + " (config " + key + ") has no scheme");
                }
                if (Schemes.isReserved(scheme)) {
                    throw new IllegalArgumentException("Auth provider " + className + " (config " + key
                            + ") claims the reserved scheme '" + scheme + "'");
                }
                String previousKey = customKeyByScheme.put(scheme, key);
                if (previousKey != null) {
                    throw new IllegalArgumentException("Auth provider " + className + " (config " + key
                            + ") claims scheme '" + scheme + "', already provided by " + previousKey);
                }
                AuthenticationProvider replaced = map.put(scheme, p);
                if (replaced != null) {
                    LOG.info("Auth provider {} ({}) replaces the built-in '{}' scheme", className, key, scheme);
                } else {
                    LOG.info("Registered auth provider {} ({}) for scheme '{}'", className, key, scheme);
                }
            }
        }
        this.byScheme = Map.copyOf(map);
    }

    /** The built-in providers only: {@code ip} and {@code digest}, no super user. */
    public static AuthProviders defaults() {
        return new AuthProviders(Map.of(), null, true);
    }

    /**
     * Collects custom provider entries from zoo.cfg ({@code authProvider.*}) and system properties
     * ({@code zookeeper.authProvider.*}), keeping the keys as written so errors can name them.
     * Either argument may be null.
     */
    public static Map<String, String> providerClassesFrom(Map<?, ?> zooCfg, Map<?, ?> systemProperties) {
        Map<String, String> out = new TreeMap<>();
        collect(zooCfg, CONFIG_PREFIX, out);
        collect(systemProperties, SYSTEM_PROPERTY_PREFIX, out);
        return out;
    }

    private static void collect(Map<?, ?> source, String prefix, Map<String, String> out) {
        if (source == null) {
            return;
        }
        for (Map.Entry<?, ?> e : source.entrySet()) {
            if (e.getKey() instanceof String key && key.startsWith(prefix) && e.getValue() != null) {
                out.put(key, e.getValue().toString().trim());
            }
        }
    }

    private static AuthenticationProvider load(String key, String className) {
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException("Auth provider config " + key + " names no class");
        }
        String name = className.trim();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = AuthProviders.class.getClassLoader();
        }
        Class<?> cls;
        try {
            cls = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(
                    "Cannot load auth provider class " + name + " (config " + key + "): " + e, e);
        }
        if (!AuthenticationProvider.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException("Auth provider class " + name + " (config " + key
                    + ") does not implement " + AuthenticationProvider.class.getName());
        }
        try {
            return (AuthenticationProvider) cls.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Auth provider class " + name + " (config " + key
                    + ") failed in its constructor: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("Cannot instantiate auth provider class " + name + " (config "
                    + key + "); it needs a public no-arg constructor: " + e, e);
        }
    }

    /** The provider for {@code scheme}, or null if none is registered. */
    public AuthenticationProvider get(String scheme) {
        return scheme == null ? null : byScheme.get(scheme);
    }

    /** All registered providers. */
    public Collection<AuthenticationProvider> all() {
        return byScheme.values();
    }

    @Override
    public String toString() {
        return "AuthProviders" + new TreeMap<>(byScheme).keySet();
    }
}
