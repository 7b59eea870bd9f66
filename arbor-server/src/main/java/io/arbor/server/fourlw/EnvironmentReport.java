package io.arbor.server.fourlw;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** envi: {@code Environment:} then the server's version, host, JVM, OS, user and heap, as ZooKeeper lists them. */
public final class EnvironmentReport {
    private static final String NA = "<NA>";
    private static final long MB = 1024 * 1024;

    private EnvironmentReport() {}

    static String envi() {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("Environment:\n");
        values().forEach((key, value) -> sb.append(key).append('=').append(value).append('\n'));
        return sb.toString();
    }

    /** The keys and values, in ZooKeeper's order (the admin API's environment command shows them so). */
    public static java.util.Map<String, String> values() {
        java.util.Map<String, String> sb = new java.util.LinkedHashMap<>();
        put(sb, "zookeeper.version", FourLetterWords.FULL_VERSION);
        put(sb, "host.name", HostName.VALUE);
        for (String key : new String[] {"java.version", "java.vendor", "java.home", "java.class.path",
                "java.library.path", "java.io.tmpdir", "java.compiler", "os.name", "os.arch", "os.version",
                "user.name", "user.home", "user.dir"}) {
            put(sb, key, System.getProperty(key, NA));
        }
        Runtime rt = Runtime.getRuntime();
        put(sb, "os.memory.free", rt.freeMemory() / MB + "MB");
        put(sb, "os.memory.max", rt.maxMemory() / MB + "MB");
        put(sb, "os.memory.total", rt.totalMemory() / MB + "MB");
        return sb;
    }

    private static void put(java.util.Map<String, String> values, String key, String value) {
        values.put(key, value);
    }

    /**
     * The canonical host name, looked up once: the lookup may wait on DNS, and envi runs on a connection's
     * event loop.
     */
    private static final class HostName {
        static final String VALUE = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                return NA;
            }
        }
    }
}
