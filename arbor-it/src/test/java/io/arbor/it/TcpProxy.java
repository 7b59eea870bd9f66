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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy put between a client and a server to break the network without closing the client:
 * {@link #cut()} drops every open connection and, until {@link #heal()}, accepts new ones only to close them
 * at once, so the client keeps retrying and the server hears nothing from it. {@link #stall()} is the quieter
 * partition: open connections stay open but nothing crosses them (bytes wait in the proxy and the sockets'
 * buffers, as in a network that drops packets which TCP then retransmits) until {@link #heal()}, and new
 * connections are closed at once. Plain blocking sockets, two daemon threads per proxied connection.
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
    private volatile boolean stalled;
    /** Guards waiting for the end of a stall. */
    private final Object flow = new Object();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

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
        synchronized (flow) {
            flow.notifyAll(); // pumps held by a stall see their sockets closed
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

    /**
     * A silent partition: open connections are kept but carry nothing either way until {@link #heal()}, when
     * what was held back is delivered in order; new connections are closed at once meanwhile.
     */
    public void stall() {
        stalled = true;
    }

    /** Lets connections through again (and replies, if muted; held-back bytes, if stalled). */
    public void heal() {
        cut = false;
        refuseNew = false;
        muteReplies = false;
        synchronized (flow) {
            stalled = false;
            flow.notifyAll();
        }
    }

    public boolean isCut() {
        return cut;
    }

    public boolean isStalled() {
        return stalled;
    }

    /** How many connections were accepted and forwarded to the upstream so far. */
    public long forwardedConnections() {
        return forwarded.get();
    }

    /** How many connections were accepted and closed at once (cut, stalled or refusing) so far. */
    public long refusedConnections() {
        return refused.get();
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
            if (cut || refuseNew || stalled) {
                refused.incrementAndGet();
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
            forwarded.incrementAndGet();
            link.start();
        }
    }

    /** Returns once the proxy is not stalled (or is cut or closed, which ends the link anyway). */
    private void awaitFlowing() throws InterruptedException {
        synchronized (flow) {
            while (stalled && !cut && !closed) {
                flow.wait();
            }
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
                        if (stalled) {
                            awaitFlowing();
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // one side went away; closing both ends below tells the other side
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
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
        synchronized (flow) {
            flow.notifyAll();
        }
    }
}
