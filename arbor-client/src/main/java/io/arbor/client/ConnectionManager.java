package io.arbor.client;

import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.WatcherEvent;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the client's life across connections: picks hosts from the {@link HostProvider}, opens one
 * {@link Connection} at a time, keeps the outgoing queue that survives them, routes answers and notifications
 * to the {@link EventThread}, and tells the default watcher of state changes.
 *
 * <p>After a lost connection it connects again with the same session id and password. Re-setting watches on
 * the new connection (setWatches) is not done yet: watches set before a disconnect do not survive it.
 */
final class ConnectionManager {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

    enum State { CONNECTING, CONNECTED, CLOSING, CLOSED, EXPIRED }

    private final HostProvider hosts;
    private final Chroot chroot;
    private final SessionState session;
    private final Watcher defaultWatcher;
    private final int maxBuffer;
    private final Random random;
    private final EventThread events = new EventThread();
    private final WatchRegistry watches = new WatchRegistry();
    private final Queue<Packet<?>> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicInteger xids = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private volatile State state = State.CONNECTING;
    private volatile Connection current;

    ConnectionManager(HostProvider hosts, Chroot chroot, SessionState session, Watcher defaultWatcher, int maxBuffer,
                      Random random) {
        this.hosts = hosts;
        this.chroot = chroot;
        this.session = session;
        this.defaultWatcher = defaultWatcher;
        this.maxBuffer = maxBuffer;
        this.random = random;
    }

    void start() {
        group.execute(this::connectNext);
    }

    State state() {
        return state;
    }

    SessionState session() {
        return session;
    }

    /** Queues a request; it is written when a connection is up, or failed when none can be had. */
    <T> Packet<T> submit(Packet<T> packet) {
        State s = state;
        if (s == State.CLOSED || s == State.EXPIRED) {
            fail(packet, ErrorCode.SESSION_EXPIRED);
            return packet;
        }
        outgoing.add(packet);
        Connection c = current;
        if (c != null) {
            c.wakeUp();
        }
        return packet;
    }

    // ---- called by Connection, on the event loop ----

    Queue<Packet<?>> outgoing() {
        return outgoing;
    }

    int nextXid() {
        // ZooKeeper's clients count from 1 and wrap back to 1; the negative xids are reserved
        return xids.updateAndGet(x -> x == Integer.MAX_VALUE ? 1 : x + 1);
    }

    void connected(Connection connection) {
        current = connection;
        if (state == State.CONNECTING) {
            state = State.CONNECTED;
            LOG.info("session 0x{} established, timeout {}", Long.toHexString(session.sessionId()),
                    session.negotiatedTimeout());
            stateEvent(WatchEvent.State.SYNC_CONNECTED);
        }
    }

    void lost(Connection connection, boolean wasEstablished, List<Packet<?>> pending) {
        if (current == connection) {
            current = null;
        }
        State s = state;
        int code = s == State.CLOSED || s == State.EXPIRED ? ErrorCode.SESSION_EXPIRED : ErrorCode.CONNECTION_LOSS;
        if (s == State.CLOSING) {
            pending.forEach(p -> fail(p, code));
            return;
        }
        pending.forEach(p -> fail(p, code));
        failOutgoing(code);
        if (s == State.CONNECTED) {
            state = State.CONNECTING;
            stateEvent(WatchEvent.State.DISCONNECTED);
        }
        if (state == State.CONNECTING) {
            connectNext();
        }
    }

    void expired() {
        state = State.EXPIRED;
        LOG.info("session 0x{} expired", Long.toHexString(session.sessionId()));
        failOutgoing(ErrorCode.SESSION_EXPIRED);
        watches.clear();
        stateEvent(WatchEvent.State.EXPIRED);
    }

    void authFailed() {
        stateEvent(WatchEvent.State.AUTH_FAILED);
    }

    void notification(WatcherEvent event) {
        String clientPath = chroot.strip(event.path());
        WatchEvent delivered = new WatchEvent(WatchEvent.Type.of(event.type()), WatchEvent.State.of(event.state()),
                clientPath);
        Set<Watcher> triggered = watches.triggered(event.type(), event.path());
        for (Watcher w : triggered) {
            events.execute(() -> w.process(delivered));
        }
    }

    <T> void answer(Packet<T> packet, int err, ByteBuf body) {
        if (err == ErrorCode.OK) {
            T value = packet.decoder.apply(body);
            if (packet.watchKind != null) {
                watches.add(packet.watchKind, packet.serverPath, packet.watcher);
            }
            events.execute(() -> packet.future.complete(value));
        } else if (packet.answersNoNode(err)) {
            if (packet.watchKind != null) {
                watches.add(WatchRegistry.Kind.EXIST, packet.serverPath, packet.watcher);
            }
            events.execute(() -> packet.future.complete(packet.onNoNode));
        } else {
            fail(packet, err);
        }
    }

    // ---- connecting ----

    private void connectNext() {
        if (state != State.CONNECTING) {
            return;
        }
        HostProvider.Attempt attempt = hosts.next();
        // every host failed once: wait a little (up to a second, as ZooKeeper does) before the next pass
        long delayMs = attempt.afterFullPass() ? random.nextInt(1000) : 0;
        group.schedule(() -> connect(attempt.address()), delayMs, TimeUnit.MILLISECONDS);
    }

    private void connect(InetSocketAddress address) {
        if (state != State.CONNECTING) {
            return;
        }
        Duration connectTimeout = Heartbeat.connectTimeout(session.negotiatedTimeout(), hosts.size());
        Connection connection = new Connection(this, session, connectTimeout, System::nanoTime);
        ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Frames.decoder(maxBuffer), connection);
                    }
                })
                .connect(address);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                LOG.info("could not connect to {}: {}", address, done.cause().toString());
                failOutgoing(state == State.CONNECTING ? ErrorCode.CONNECTION_LOSS : ErrorCode.SESSION_EXPIRED);
                connectNext();
            }
        });
    }

    // ---- closing ----

    /** Ends the session on the server (when connected), then stops every thread of this client. */
    void close(Duration wait) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasConnected = state == State.CONNECTED;
        // from here a dropped connection is the end, not a reason to reconnect
        state = State.CLOSING;
        if (wasConnected) {
            Packet<Void> closeSession = new Packet<>(io.arbor.protocol.OpCode.CLOSE_SESSION, null, null, null,
                    b -> null, null, null, null);
            submit(closeSession);
            try {
                closeSession.future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.info("closeSession not confirmed: {}", e.toString());
            }
        }
        state = State.CLOSED;
        Connection c = current;
        if (c != null) {
            group.execute(c::close);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        failOutgoing(ErrorCode.SESSION_EXPIRED);
        stateEvent(WatchEvent.State.CLOSED);
        events.close();
    }

    private void failOutgoing(int code) {
        List<Packet<?>> drained = new ArrayList<>();
        Packet<?> p;
        while ((p = outgoing.poll()) != null) {
            drained.add(p);
        }
        drained.forEach(x -> fail(x, code));
    }

    private void fail(Packet<?> packet, int code) {
        ArborException error = packet.error(code);
        events.execute(() -> packet.future.completeExceptionally(error));
    }

    private void stateEvent(WatchEvent.State s) {
        WatchEvent event = new WatchEvent(WatchEvent.Type.NONE, s, null);
        events.execute(() -> defaultWatcher.process(event));
    }

}
