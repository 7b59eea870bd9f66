package io.arbor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test configures before it starts them (an ensemble's peer and client ports). Asking the
 * kernel for port 0 gives an ephemeral port, which the kernel may hand again to any outgoing connection (Ratis
 * dials its peers) before the server binds it; these come from below the ephemeral range instead, are free
 * when handed out, and are never handed out twice by this JVM.
 */
public final class FreePorts {
    /** Below Linux's default ephemeral range (32768-60999), above the ports services usually take. */
    private static final int FROM = 20_000;
    private static final int TO = 32_000;
    private static final Set<Integer> given = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    public static int next() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FROM, TO);
            if (given.contains(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                continue; // taken
            }
            if (given.add(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free port between " + FROM + " and " + TO));
    }
}
