package io.arbor.server.config;

/**
 * A configuration that Arbor cannot start with: a bad value, a malformed line, a missing required
 * key or an unreadable file.
 *
 * <p>The message names where the problem is and which key it concerns, in the form compilers use:
 * {@code zoo.cfg:7: clientPort: port 70000 is out of range 0-65535}. Parts that are unknown are
 * left out: {@code zoo.cfg: dataDir: is required} (no line), or
 * {@code system property: jute.maxbuffer: 'abc' is not a number}.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String key;
    private final String detail;

    /**
     * @param source the file (as the operator named it), {@code "system property"}, or null
     * @param line the 1-based line in {@code source}, or 0 if there is none
     * @param key the configuration key concerned, or null
     * @param detail what is wrong, without the location or key
     */
    public ConfigException(String source, int line, String key, String detail) {
        this(source, line, key, detail, null);
    }

    /** As {@link #ConfigException(String, int, String, String)}, with the underlying cause. */
    public ConfigException(String source, int line, String key, String detail, Throwable cause) {
        super(format(source, line, key, detail), cause);
        this.source = source;
        this.line = Math.max(line, 0);
        this.key = key;
        this.detail = detail;
    }

    private static String format(String source, int line, String key, String detail) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (line > 0) {
                sb.append(':').append(line);
            }
            sb.append(": ");
        }
        if (key != null) {
            sb.append(key).append(": ");
        }
        return sb.append(detail).toString();
    }

    /** The file (or {@code "system property"}) the bad value came from, or null. */
    public String source() {
        return source;
    }

    /** The 1-based line of the bad value in {@link #source()}, or 0 if unknown. */
    public int line() {
        return line;
    }

    /** The key concerned, or null. */
    public String key() {
        return key;
    }

    /** What is wrong, without location or key. */
    public String detail() {
        return detail;
    }
}
