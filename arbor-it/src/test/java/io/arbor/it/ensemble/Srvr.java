package io.arbor.it.ensemble;

import io.arbor.it.FourLetterWord;

/** What a server's srvr says of its place in the ensemble, asked on its client port. */
final class Srvr {
    private Srvr() {}

    /** The mode srvr reports (leader, follower, observer, looking), or null while the server does not answer. */
    static String mode(int clientPort) {
        String mode = line(clientPort, "Mode: ");
        return mode == null ? null : mode.trim();
    }

    /** The zxid srvr reports, or -1 while the server does not answer. */
    static long zxid(int clientPort) {
        String zxid = line(clientPort, "Zxid: 0x");
        return zxid == null ? -1 : Long.parseUnsignedLong(zxid.trim(), 16);
    }

    /**
     * The server that reports itself leader while every other one reports follower, by server id to client
     * port; -1 otherwise.
     */
    static long leader(java.util.Map<Long, Integer> clientPorts) {
        long leader = -1;
        for (java.util.Map.Entry<Long, Integer> e : clientPorts.entrySet()) {
            String mode = mode(e.getValue());
            if ("leader".equals(mode)) {
                leader = e.getKey();
            } else if (!"follower".equals(mode)) {
                return -1;
            }
        }
        return leader;
    }

    private static String line(int clientPort, String prefix) {
        try {
            for (String line : FourLetterWord.send(clientPort, "srvr").split("\n")) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length());
                }
            }
        } catch (RuntimeException e) {
            // not answering
        }
        return null;
    }
}
