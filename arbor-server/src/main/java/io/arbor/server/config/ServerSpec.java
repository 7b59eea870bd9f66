package io.arbor.server.config;

import java.util.Locale;

/**
 * One ensemble member, from a {@code server.N} line of zoo.cfg:
 * {@code server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]}.
 *
 * <p>IPv6 literals are written in brackets ({@code [2001:db8::1]:2888:3888}) and stored without
 * them. The pipe-separated multi-address form of ZooKeeper 3.6 is not supported.
 *
 * @param id the server id N
 * @param host the host name or IP literal peers use to reach this server
 * @param quorumPort the port followers use to talk to the leader
 * @param electionPort the port used for leader election
 * @param observer true for {@code :observer}, false for {@code :participant} or no role
 * @param clientHost the host of the {@code ;clientHost:clientPort} part, or null if none was given
 * @param clientPort the client port of the {@code ;} part, or -1 if there is none
 */
public record ServerSpec(
        long id,
        String host,
        int quorumPort,
        int electionPort,
        boolean observer,
        String clientHost,
        int clientPort) {

    /** The syntax, for error messages. */
    public static final String SYNTAX =
            "host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]";

    public ServerSpec {
        if (id < 0) {
            throw new IllegalArgumentException("server id " + id + " is negative");
        }
        requireHost(host, "host");
        checkPort(quorumPort, "quorum port");
        checkPort(electionPort, "election port");
        if (clientPort == -1) {
            if (clientHost != null) {
                throw new IllegalArgumentException("a client host needs a client port");
            }
        } else {
            checkPort(clientPort, "client port");
            if (clientHost != null) {
                requireHost(clientHost, "client host");
            }
        }
    }

    /**
     * Parses the value of a {@code server.N} line.
     *
     * @throws IllegalArgumentException with a message saying what is wrong, if {@code value} is
     *     malformed
     */
    public static ServerSpec parse(long id, String value) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty; expected " + SYNTAX);
        }
        if (text.indexOf('|') >= 0) {
            throw new IllegalArgumentException(
                    "'" + text + "': multiple addresses separated by '|' are not supported");
        }
        int semi = text.indexOf(';');
        String serverPart = semi < 0 ? text : text.substring(0, semi).trim();
        String clientPart = semi < 0 ? null : text.substring(semi + 1).trim();

        String[] parts = splitHostAndRest(serverPart, text);
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException("'" + text + "' does not have the form " + SYNTAX);
        }
        String host = parts[0];
        int quorumPort = port(parts[1], "quorum port", text);
        int electionPort = port(parts[2], "election port", text);
        boolean observer = false;
        if (parts.length == 4) {
            String role = parts[3].toLowerCase(Locale.ROOT);
            if (role.equals("observer")) {
                observer = true;
            } else if (!role.equals("participant")) {
                throw new IllegalArgumentException("'" + text + "': '" + parts[3]
                        + "' is not a peer type (participant or observer)");
            }
        }

        String clientHost = null;
        int clientPort = -1;
        if (clientPart != null) {
            if (clientPart.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "': nothing after ';', expected [clientHost:]clientPort");
            }
            String[] client = splitHostAndRest(clientPart, text);
            if (client.length == 1) {
                clientPort = port(client[0], "client port", text);
            } else if (client.length == 2) {
                clientHost = client[0];
                clientPort = port(client[1], "client port", text);
            } else {
                throw new IllegalArgumentException("'" + text + "': the client part '" + clientPart
                        + "' does not have the form [clientHost:]clientPort");
            }
        }
        try {
            return new ServerSpec(id, host, quorumPort, electionPort, observer, clientHost, clientPort);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * Renders this member back in zoo.cfg form (the value of its {@code server.N} line), with an
     * explicit role, as ZooKeeper writes it in its dynamic configuration.
     */
    public String toConfigValue() {
        StringBuilder sb = new StringBuilder()
                .append(bracketed(host)).append(':').append(quorumPort).append(':').append(electionPort)
                .append(observer ? ":observer" : ":participant");
        if (clientPort != -1) {
            sb.append(';');
            if (clientHost != null) {
                sb.append(bracketed(clientHost)).append(':');
            }
            sb.append(clientPort);
        }
        return sb.toString();
    }

    /**
     * Splits {@code host:a:b...} on colons, keeping a bracketed IPv6 host ({@code [::1]:a:b}) whole
     * and unbracketed. A single part without a colon comes back as a one-element array.
     */
    private static String[] splitHostAndRest(String s, String whole) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + whole + "': missing ']' after the IPv6 address");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                return new String[] {host};
            }
            if (rest.charAt(0) != ':') {
                throw new IllegalArgumentException("'" + whole + "': expected ':' after ']'");
            }
            String[] tail = rest.substring(1).split(":", -1);
            String[] out = new String[tail.length + 1];
            out[0] = host;
            for (int i = 0; i < tail.length; i++) {
                out[i + 1] = tail[i].trim();
            }
            return out;
        }
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
        }
        return parts;
    }

    private static int port(String s, String what, String whole) {
        int port;
        try {
            port = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole + "': " + what + " '" + s + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + whole + "': " + what + " " + port + " is out of range 1-65535");
        }
        return port;
    }

    private static void checkPort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is out of range 1-65535");
        }
    }

    private static void requireHost(String host, String what) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < host.length(); i++) {
            if (Character.isWhitespace(host.charAt(i))) {
                throw new IllegalArgumentException(what + " '" + host + "' contains whitespace");
            }
        }
    }

    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
}
