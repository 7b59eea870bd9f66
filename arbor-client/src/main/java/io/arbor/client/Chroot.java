package io.arbor.client;

/**
 * The root a client lives under: prepended to every path that goes to the server, removed from every path that
 * comes back (replies and watch events). {@link #NONE} leaves paths alone.
 */
public record Chroot(String root) {
    public static final Chroot NONE = new Chroot("");

    /** The chroot for a validated absolute path; "/" means none. */
    public static Chroot of(String path) {
        ConnectString.validChroot(path);
        return path.equals("/") ? NONE : new Chroot(path);
    }

    public boolean isNone() {
        return root.isEmpty();
    }

    /** The server's path for a client path. */
    public String prepend(String clientPath) {
        if (isNone()) {
            return clientPath;
        }
        return clientPath.equals("/") ? root : root + clientPath;
    }

    /** The client's path for a server path; a path outside the root (never expected) is returned as it is. */
    public String strip(String serverPath) {
        if (isNone() || serverPath == null) {
            return serverPath;
        }
        if (serverPath.equals(root)) {
            return "/";
        }
        if (serverPath.startsWith(root) && serverPath.charAt(root.length()) == '/') {
            return serverPath.substring(root.length());
        }
        return serverPath;
    }
}
