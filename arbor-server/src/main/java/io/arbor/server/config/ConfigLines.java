package io.arbor.server.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits zoo.cfg text into key/value entries the way {@code java.util.Properties.load} does (which
 * is how ZooKeeper reads it), but keeps the line number of each entry.
 *
 * <p>Supported, as in {@code Properties}: {@code #} and {@code !} comment lines; blank lines;
 * {@code key=value}, {@code key:value} and {@code key value}; a backslash at the end of a line
 * continues it on the next; the escapes {@code \t \n \r \f \\uXXXX}, and a backslash before any
 * other character stands for that character. As ZooKeeper does, keys and values are then trimmed.
 */
final class ConfigLines {

    /** One {@code key=value}; {@code line} is where the (possibly continued) entry starts. */
    record Entry(String key, String value, int line) {}

    private ConfigLines() {}

    static List<Entry> read(String text, String source) throws ConfigException {
        List<Entry> out = new ArrayList<>();
        String[] physical = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < physical.length) {
            int startLine = i + 1;
            String line = stripLeading(physical[i++]);
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '!') {
                continue;
            }
            StringBuilder logical = new StringBuilder();
            while (endsWithContinuation(line)) {
                logical.append(line, 0, line.length() - 1);
                if (i >= physical.length) {
                    line = "";
                    break;
                }
                line = stripLeading(physical[i++]);
            }
            logical.append(line);
            out.add(split(logical.toString(), source, startLine));
        }
        return out;
    }

    private static Entry split(String s, String source, int line) throws ConfigException {
        int n = s.length();
        int keyEnd = 0;
        boolean escaped = false;
        while (keyEnd < n) {
            char c = s.charAt(keyEnd);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '=' || c == ':' || isBlank(c)) {
                break;
            }
            keyEnd++;
        }
        int valueStart = keyEnd;
        while (valueStart < n && isBlank(s.charAt(valueStart))) {
            valueStart++;
        }
        if (valueStart < n && (s.charAt(valueStart) == '=' || s.charAt(valueStart) == ':')) {
            valueStart++;
        }
        String rawKey = s.substring(0, keyEnd);
        String rawValue = s.substring(Math.min(valueStart, n));
        String key = unescape(rawKey, source, line, null).trim();
        String value = unescape(rawValue, source, line, key).trim();
        return new Entry(key, value, line);
    }

    private static String unescape(String s, String source, int line, String key) throws ConfigException {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw new ConfigException(source, line, key, "malformed \\uXXXX escape");
                    }
                    int cp = 0;
                    for (int k = 1; k <= 4; k++) {
                        int d = Character.digit(s.charAt(i + k), 16);
                        if (d < 0) {
                            throw new ConfigException(source, line, key, "malformed \\uXXXX escape");
                        }
                        cp = cp * 16 + d;
                    }
                    sb.append((char) cp);
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int j = line.length() - 1; j >= 0 && line.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String stripLeading(String s) {
        int k = 0;
        while (k < s.length() && isBlank(s.charAt(k))) {
            k++;
        }
        return s.substring(k);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }
}
