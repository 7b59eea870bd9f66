package io.arbor.protocol;

/** ZooKeeper's path rules: absolute, no empty, "." or ".." component, no trailing slash, no control characters. */
public final class PathValidator {
    private PathValidator() {}

    /** Null when the path is valid, otherwise the reason it is not. */
    public static String problem(String path) {
        if (path == null) {
            return "Path cannot be null";
        }
        int n = path.length();
        if (n == 0) {
            return "Path length must be > 0";
        }
        if (path.charAt(0) != '/') {
            return "Path must start with / character";
        }
        if (n == 1) {
            return null;
        }
        if (path.charAt(n - 1) == '/') {
            return "Path must not end with / character";
        }
        char last = '/';
        for (int i = 1; i < n; i++) {
            char c = path.charAt(i);
            if (c == 0) {
                return "null character not allowed @" + i;
            } else if (c == '/' && last == '/') {
                return "empty node name specified @" + i;
            } else if (c == '.' && last == '.') {
                if (path.charAt(i - 2) == '/' && (i + 1 == n || path.charAt(i + 1) == '/')) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c == '.') {
                if (last == '/' && (i + 1 == n || path.charAt(i + 1) == '/')) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c > '\u0000' && c <= '\u001f' || c >= '\u007f' && c <= '\u009F'
                    || c >= '\ud800' && c <= '\uf8ff' || c >= '\ufff0' && c <= '\uffff') {
                return "invalid character @" + i;
            }
            last = c;
        }
        return null;
    }

    public static boolean isValid(String path) {
        return problem(path) == null;
    }

    /** The parent of an absolute path ("/" for a child of the root). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** The last component of an absolute path. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
