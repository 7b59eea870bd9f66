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
 * connections are closed at once. A proxy made by {@link #refusing} closes its listening socket instead while it
 * breaks the network, so that connecting fails outright. Plain blocking sockets, two daemon threads per proxied
 * connection.
 */
public final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress upstream;
    private final int port;
    /** Whether cutting, stalling and refusing close the listening socket, so that connecting fails outright. */
    private final boolean refuseByClosing;
    private volatile ServerSocket listener;
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
    private final AtomicLong forwardedBytes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** A proxy on an ephemeral loopback port forwarding to {@code upstreamPort} on loopback. */
    public TcpProxy(int upstreamPort) {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
    }

    public TcpProxy(InetSocketAddress upstream) {
        this(upstream, false);
    }

    private TcpProxy(InetSocketAddress upstream, boolean refuseByClosing) {
        this.upstream = upstream;
        this.refuseByClosing = refuseByClosing;
        listener = listen(0);
        port = listener.getLocalPort();
        acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A proxy whose {@link #cut}, {@link #stall} and {@link #refuseNewConnections} refuse new connections outright
     * (its listening socket is closed until {@link #heal}, so connecting fails as against a closed port) rather
     * than accepting them only to close them: a peer that connects learns at once that it cannot, as across a
     * firewall that rejects, instead of seeing a connection that opens and closes.
     */
    public static TcpProxy refusing(int upstreamPort) {
        return new TcpProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), true);
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** The connect string a ZooKeeper client uses to go through this proxy. */
    public String connectString() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    /** Breaks the network: open connections are dropped and new ones refused until {@link #heal()}. */
    public void cut() {
        cut = true;
        stopListeningIfRefusing();
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
        stopListeningIfRefusing();
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
        stopListeningIfRefusing();
    }

    private void stopListeningIfRefusing() {
        if (refuseByClosing) {
            synchronized (flow) {
                closeQuietly(listener);
            }
        }
    }

    /** Lets connections through again (and replies, if muted; held-back bytes, if stalled). */
    public void heal() {
        cut = false;
        refuseNew = false;
        muteReplies = false;
        synchronized (flow) {
            stalled = false;
            if (listener.isClosed() && !closed) {
                listener = listen(port); // the same port: the peers know it
            }
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

    /** How many bytes were passed on so far, both ways, over every connection. */
    public long forwardedBytes() {
        return forwardedBytes.get();
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
            ServerSocket l = listener;
            Socket client;
            try {
                client = l.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                awaitListening();
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

    /** Returns once the listening socket is open again (after a heal) or the proxy is closed. */
    private void awaitListening() {
        synchronized (flow) {
            while (!closed && listener.isClosed()) {
                try {
                    flow.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
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
                        forwardedBytes.addAndGet(n);
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

    private static void closeQuietly(java.io.Closeable s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (flow) {
            closeQuietly(listener);
        }
        for (Link l : links) {
            l.close();
        }
        synchronized (flow) {
            flow.notifyAll();
        }
    }
}
