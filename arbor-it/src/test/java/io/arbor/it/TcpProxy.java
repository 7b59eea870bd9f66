package io.arbor.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy put between a client and a server to break the network without closing the client:
 * {@link #cut()} drops every open connection and, until {@link #heal()}, accepts new ones only to close them
 * at once, so the client keeps retrying and the server hears nothing from it. Plain blocking sockets, two
 * daemon threads per proxied connection.
 */
public final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean cut;
    private volatile boolean refuseNew;
    private volatile boolean closed;
    private volatile boolean muteReplies;

    /** A proxy on an ephemeral loopback port forwarding to {@code upstreamPort} on loopback. */
    public TcpProxy(int upstreamPort) {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
    }

    public TcpProxy(InetSocketAddress upstream) {
        this.upstream = upstream;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The connect string a ZooKeeper client uses to go through this proxy. */
    public String connectString() {
        return listener.getInetAddress().getHostAddress() + ":" + port();
    }

    /** Breaks the network: open connections are dropped and new ones refused until {@link #heal()}. */
    public void cut() {
        cut = true;
        for (Link l : links) {
            l.close();
        }
    }

    /**
     * Keeps the open connections but closes every new one at once until {@link #heal()}: lets a test watch the
     * server drop a connection (say, on a session takeover) without the client getting back in.
     */
    public void refuseNewConnections() {
        refuseNew = true;
    }

    /**
     * Keeps the connections open and forwards requests, but drops every byte the server sends back until
     * {@link #heal()}: a request is carried out while its answer is lost.
     */
    public void muteReplies() {
        muteReplies = true;
    }

    /** Lets connections through again (and replies, if muted). */
    public void heal() {
        cut = false;
        refuseNew = false;
        muteReplies = false;
    }

    public boolean isCut() {
        return cut;
    }

    /** How many client connections are being forwarded right now. */
    public int openConnections() {
        return links.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut || refuseNew) {
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, 5_000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            Link link = new Link(client, server);
            links.add(link);
            if (cut) { // cut() ran between accept and add: it did not see this link
                link.close();
                continue;
            }
            link.start();
        }
    }

    /** One proxied connection: bytes pumped both ways until either side closes or the proxy is cut. */
    private final class Link {
        private final Socket client;
        private final Socket server;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, "up", false);
            pump(server, client, "down", true);
        }

        private void pump(Socket from, Socket to, String direction, boolean replies) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16 * 1024];
                try {
                    InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (replies && muteReplies) {
                            continue;
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // one side went away; closing both ends below tells the other side
                } finally {
                    close();
                }
            }, "tcp-proxy-" + direction + "-" + port());
            t.setDaemon(true);
            t.start();
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // best effort
        }
        for (Link l : links) {
            l.close();
        }
    }
}
