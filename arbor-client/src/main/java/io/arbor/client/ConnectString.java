package io.arbor.client;

import io.arbor.protocol.PathValidator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed connect string {@code host1:port1,host2:port2/chroot}. Addresses stay unresolved here: the
 * {@link HostProvider} resolves each one when it is tried, so a changed DNS entry is seen on the next pass.
 */
public record ConnectString(List<InetSocketAddress> addresses, Chroot chroot) {
    public static final int DEFAULT_PORT = 2181;

    public ConnectString {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a connect string needs at least one host");
        }
    }

    /** Parses hosts ({@code name}, {@code name:port}, {@code [ipv6]}, {@code [ipv6]:port}) and an optional chroot. */
    public static ConnectString parse(String connectString) {
        if (connectString == null || connectString.isBlank()) {
            throw new IllegalArgumentException("the connect string is empty");
        }
        String hostsPart = connectString;
        Chroot chroot = Chroot.NONE;
        int slash = connectString.indexOf('/');
        if (slash >= 0) {
            hostsPart = connectString.substring(0, slash);
            chroot = Chroot.of(connectString.substring(slash));
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String host : hostsPart.split(",")) {
            String h = host.trim();
            if (!h.isEmpty()) {
                addresses.add(parseHost(h));
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no host in connect string '" + connectString + "'");
        }
        return new ConnectString(addresses, chroot);
    }

    private static InetSocketAddress parseHost(String h) {
        String name;
        String port = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in host '" + h + "'");
            }
            name = h.substring(1, close);
            String rest = h.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':port' after ']' in host '" + h + "'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
                // a bare IPv6 literal: its last group and a port would be indistinguishable
                throw new IllegalArgumentException("IPv6 address '" + h + "' must be written as [address]:port");
            }
            name = colon < 0 ? h : h.substring(0, colon);
            port = colon < 0 ? null : h.substring(colon + 1);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty host name in '" + h + "'");
        }
        return InetSocketAddress.createUnresolved(name, port == null ? DEFAULT_PORT : parsePort(port, h));
    }

    private static int parsePort(String port, String host) {
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port " + p + " out of range in host '" + host + "'");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + port + "' in host '" + host + "'");
        }
    }

    /** Validated here rather than in Chroot so the error names the whole connect string's part. */
    static String validChroot(String path) {
        String problem = PathValidator.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("invalid chroot '" + path + "': " + problem);
        }
        return path;
    }
}
