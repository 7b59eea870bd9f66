package io.arbor.client;

import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.request.AuthPacket;
import io.arbor.protocol.request.CreateRequest;
import io.arbor.protocol.request.SetWatchesRequest;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the client's life across connections: picks hosts from the {@link HostProvider}, opens one
 * {@link Connection} at a time, keeps the outgoing queue that survives them, routes answers and notifications
 * to the {@link EventThread}, and tells the default watcher of state changes.
 *
 * <p>After a lost connection it connects again with the same session id, password and last zxid seen; on the
 * new connection the credentials added with addAuth go first, then one setWatches (setWatches2 when persistent
 * watches are held) with every watch held, then the requests queued meanwhile. Requests that were on the wire
 * when the connection dropped fail with ConnectionLoss (they may or may not have happened); requests issued while
 * disconnected wait in the outgoing queue for the next connection, up to the request timeout, and then fail with
 * ConnectionLoss (they were never sent). A sent request unanswered by its deadline fails with RequestTimeout and
 * the connection is dropped, since replies come in order and one cannot be skipped.
 *
 * <p>When the server says the session expired, the handle is rebuilt in place (as Curator does): what was queued
 * fails with SessionExpired, the one-shot watches are dropped, and a new session is made with the same client
 * object, counted as a new generation. When asked, the persistent watches are kept and set again in the new
 * session, and the ephemerals created with {@link CreateOption#RECREATE_ON_EXPIRY} are created again (same path,
 * data and ACL) before anything queued. Connection-state listeners hear CONNECTED, SUSPENDED, RECONNECTED, LOST,
 * READ_ONLY on the event thread. With {@code expiryEndsClient} an expiry ends the client instead (ZooKeeper's way).
 *
 * <p>Allowed to ({@code canBeReadOnly}), it connects to a server that serves reads only when no other will have
 * it, tells ConnectedReadOnly, and meanwhile looks for a read-write server ({@link ReadWriteSearch}); the first
 * one found gets the next connection.
 */
final class ConnectionManager {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

    enum State { CONNECTING, CONNECTED, CLOSING, CLOSED }

    /** What a call fails with once the client is closed: SessionExpired, or AuthFailed after a refused addAuth. */
    private volatile int closedCode = ErrorCode.SESSION_EXPIRED;

    /** An ephemeral to create again in a new session. */
    private record Recreate(String clientPath, String serverPath, byte[] data, List<io.arbor.protocol.Acl> acl) {}

    private final HostProvider hosts;
    private final Chroot chroot;
    private final SessionState session;
    private final Watcher defaultWatcher;
    private final int maxBuffer;
    private final Random random;
    private final RequestDeadlines deadlines;
    private final List<AuthPacket> auths = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final EventThread events = new EventThread();
    private final WatchRegistry watches = new WatchRegistry();
    private final Queue<Packet<?>> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicInteger xids = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private volatile State state = State.CONNECTING;
    private volatile Connection current;
    private final ConnectionStates states = new ConnectionStates();
    private final boolean restoreWatchesOnExpiry;
    /** ZooKeeper's semantics: an expiry closes the client instead of rebuilding it. */
    private final boolean expiryEndsClient;
    private final Map<String, Recreate> recreate = new ConcurrentHashMap<>();
    /** 0 for the first session, one more per session rebuilt after expiry. */
    private volatile long generation;
    /** Set on expiry, taken by the next handshake: that session must put back what was asked for. */
    private volatile boolean restorePending;
    private long disconnections;
    private final List<Waiter> waiters = new ArrayList<>();
    private final Map<AtomicBoolean, Runnable> delayed = new ConcurrentHashMap<>();
    /** Looks for a read-write server while connected read-only; on the I/O loop. */
    private final ReadWriteSearch readWriteSearch;
    /** A server found to serve writes: the next connection goes there first. On the I/O loop. */
    private InetSocketAddress readWriteServer;

    private record Waiter(long minGeneration, CompletableFuture<Long> future) {}

    ConnectionManager(HostProvider hosts, Chroot chroot, SessionState session, Watcher defaultWatcher, int maxBuffer,
                      Random random, RequestDeadlines deadlines, boolean restoreWatchesOnExpiry,
                      boolean expiryEndsClient) {
        this.restoreWatchesOnExpiry = restoreWatchesOnExpiry;
        this.expiryEndsClient = expiryEndsClient;
        this.deadlines = deadlines;
        this.hosts = hosts;
        this.chroot = chroot;
        this.session = session;
        this.defaultWatcher = defaultWatcher;
        this.maxBuffer = maxBuffer;
        this.random = random;
        // ZooKeeper's client gives a server a second to answer isro
        this.readWriteSearch = new ReadWriteSearch(group.next(), hosts::ring, new IsroProbe(group,
                Duration.ofSeconds(1)), this::readWriteServerFound);
    }

    void start() {
        group.execute(this::connectNext);
        long sweep = deadlines.sweepInterval().toNanos();
        group.scheduleWithFixedDelay(this::failOverdue, sweep, sweep, TimeUnit.NANOSECONDS);
    }

    State state() {
        return state;
    }

    SessionState session() {
        return session;
    }

    /** Runs a task on the event thread after a delay (the retry loop's waits). */
    void schedule(Runnable task, Duration delay) {
        // kept until run, so close() can run what is still waiting and no retry is left hanging
        AtomicBoolean ran = new AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                delayed.remove(ran);
                task.run();
            }
        };
        delayed.put(ran, once);
        try {
            group.schedule(() -> events.execute(once), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            events.execute(once); // closed: run it now, it will find the client closed
        }
    }

    ConnectionStates states() {
        return states;
    }

    /**
     * Takes a changed server list. The host provider decides whether this client moves (see
     * {@link HostProvider#updateServerList}); if so the current connection is closed and the next one goes to a
     * server the provider chose. Runs on the connection loop, which owns the provider.
     */
    boolean updateServerList(List<InetSocketAddress> addresses) {
        return group.submit(() -> {
            Connection c = current;
            InetSocketAddress at = state == State.CONNECTED && c != null ? hosts.lastHandedOut() : null;
            boolean move = hosts.updateServerList(addresses, at);
            if (move) {
                LOG.info("server list changed, moving off {} to rebalance", at);
                c.close();
            }
            return move;
        }).syncUninterruptibly().getNow();
    }

    /** The server connected to, if any. */
    java.util.Optional<InetSocketAddress> connectedServer() {
        Connection c = current;
        return state == State.CONNECTED && c != null ? java.util.Optional.ofNullable(c.remoteAddress())
                : java.util.Optional.empty();
    }

    long generation() {
        return generation;
    }

    /**
     * Completes (on the event thread) with the generation once connected in one at least {@code minGeneration};
     * fails once the client is closed.
     */
    CompletableFuture<Long> whenConnected(long minGeneration) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        synchronized (waiters) {
            waiters.removeIf(w -> w.future().isDone()); // given up on by their callers
            State s = state;
            if (s == State.CLOSING || s == State.CLOSED) {
                f.completeExceptionally(new IllegalStateException("the client is closed"));
            } else if (s == State.CONNECTED && generation >= minGeneration) {
                long g = generation;
                events.execute(() -> f.complete(g));
            } else {
                waiters.add(new Waiter(minGeneration, f));
            }
        }
        return f;
    }

    /** Remembers an ephemeral to create again after expiry (created with RECREATE_ON_EXPIRY). */
    void recreateOnExpiry(String clientPath, String serverPath, byte[] data, List<io.arbor.protocol.Acl> acl) {
        recreate.put(serverPath, new Recreate(clientPath, serverPath, data, acl));
    }

    /** The client deleted it: not to be created again. */
    void forgetRecreate(String serverPath) {
        recreate.remove(serverPath);
    }

    /** Queues a request; it is written when a connection is up, or failed when none can be had. */
    <T> Packet<T> submit(Packet<T> packet) {
        State s = state;
        if (s == State.CLOSED) {
            fail(packet, closedCode);
            return packet;
        }
        packet.deadline = deadlines.deadlineFromNow();
        if (packet.opCode == OpCode.AUTH) {
            // kept to be sent again first on every later connection, as the server forgets it with the socket
            auths.add((AuthPacket) packet.body);
        }
        outgoing.add(packet);
        s = state;
        if (s == State.CLOSED) { // ended while it was being added: do not leave it waiting
            failOutgoing(closedCode);
            return packet;
        }
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
            boolean readOnly = session.readOnly();
            LOG.info("session 0x{} established{}, timeout {}", Long.toHexString(session.sessionId()),
                    readOnly ? " on a read-only server" : "", session.negotiatedTimeout());
            if (readOnly) {
                readWriteSearch.start();
            }
            stateEvent(readOnly ? WatchEvent.State.CONNECTED_READ_ONLY : WatchEvent.State.SYNC_CONNECTED);
            long g = generation;
            List<Waiter> ready = new ArrayList<>();
            synchronized (waiters) {
                waiters.removeIf(w -> w.minGeneration() <= g && ready.add(w));
            }
            ready.forEach(w -> events.execute(() -> w.future().complete(g)));
        }
    }

    /** What a re-attached connection sends before the queued requests: credentials again, then the watches held. */
    List<Packet<?>> sessionSetup() {
        List<Packet<?>> out = new ArrayList<>();
        for (AuthPacket auth : auths) {
            out.add(new Packet<Void>(OpCode.AUTH, auth, null, null, b -> null, null, null, null));
        }
        WatchRegistry.Snapshot w = watches.snapshot();
        for (SetWatchesRequest request : SetWatchesBatches.split(session.lastZxidSeen(), w,
                SetWatchesBatches.MAX_PATH_BYTES)) {
            int op = request.hasPersistent() ? OpCode.SET_WATCHES2 : OpCode.SET_WATCHES;
            out.add(new Packet<Void>(op, request, null, null, b -> null, null, null, null));
        }
        if (restorePending) {
            restorePending = false;
            out.addAll(restore(w));
        }
        return out;
    }

    /**
     * The creates that put this client's marked ephemerals back in the new session; once all are answered the
     * listeners are told what was restored (the watches went out just before them, in setWatches).
     */
    private List<Packet<?>> restore(WatchRegistry.Snapshot watchesSet) {
        List<Packet<?>> creates = new ArrayList<>();
        Map<String, CompletableFuture<Void>> outcomes = new LinkedHashMap<>();
        for (Recreate r : recreate.values()) {
            Packet<Void> p = new Packet<>(OpCode.CREATE, new CreateRequest(r.serverPath(), r.data(), r.acl(),
                    io.arbor.protocol.CreateMode.EPHEMERAL.flag, -1), r.clientPath(), r.serverPath(), b -> null,
                    null, null, null);
            p.deadline = deadlines.deadlineFromNow();
            creates.add(p);
            outcomes.put(r.clientPath(), p.future);
        }
        List<String> watchPaths = new ArrayList<>();
        watchesSet.persistent().forEach(path -> watchPaths.add(chroot.strip(path)));
        watchesSet.recursive().forEach(path -> watchPaths.add(chroot.strip(path)));
        if (creates.isEmpty() && watchPaths.isEmpty()) {
            return creates;
        }
        CompletableFuture.allOf(outcomes.values().stream().map(f -> f.handle((v, e) -> null))
                .toArray(CompletableFuture[]::new)).thenRun(() -> {
                    List<String> done = new ArrayList<>();
                    Map<String, ArborException> failed = new LinkedHashMap<>();
                    outcomes.forEach((path, f) -> f.handle((v, e) -> {
                        if (e == null) {
                            done.add(path);
                        } else {
                            failed.put(path, (ArborException) (e instanceof java.util.concurrent.CompletionException
                                    ? e.getCause() : e));
                        }
                        return null;
                    }));
                    events.execute(() -> states.restored(new Restored(done, watchPaths, failed)));
                });
        return creates;
    }

    RequestDeadlines deadlines() {
        return deadlines;
    }

    void lost(Connection connection, List<Packet<?>> pending) {
        if (current == connection) {
            current = null;
            readWriteSearch.stop();
        }
        State s = state;
        int code = s == State.CLOSED ? closedCode : ErrorCode.CONNECTION_LOSS;
        // what was on the wire is lost; what is still queued waits for the next connection (or its deadline)
        pending.forEach(p -> fail(p, code));
        if (s == State.CLOSING) {
            return;
        }
        if (s == State.CONNECTED) {
            state = State.CONNECTING;
            stateEvent(WatchEvent.State.DISCONNECTED);
            // suspended for a whole session timeout: the server has expired the session by now, take it as lost
            long n = disconnections;
            group.schedule(() -> events.execute(() -> states.suspendedTooLong(n)),
                    session.negotiatedTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (state == State.CONNECTING) {
            connectNext();
        }
    }

    /**
     * The server refused to re-attach: the session is gone. The handle is rebuilt: queued requests fail, one-shot
     * watches go (and persistent ones too unless they are to be restored), and the next connection, made when the
     * refused one closes, asks for a new session. Credentials added with addAuth stay and are sent to it. With
     * {@code expiryEndsClient} the client ends here instead, as ZooKeeper's does.
     */
    void expired() {
        if (expiryEndsClient) {
            endAfterExpiry();
            return;
        }
        LOG.info("session 0x{} expired, starting a new session", Long.toHexString(session.sessionId()));
        failOutgoing(ErrorCode.SESSION_EXPIRED);
        // As ZooKeeper's client: a watch that will never fire is told of the expiry, once, then forgotten; the
        // persistent ones to be set again in the new session stay and are not told
        Set<Watcher> dropped = watches.clearOneShot();
        if (!restoreWatchesOnExpiry) {
            dropped.addAll(watches.clear());
        }
        session.reset();
        generation++;
        restorePending = true;
        stateEvent(WatchEvent.State.EXPIRED);
        tellExpired(dropped);
    }

    /**
     * ZooKeeper's semantics: an expired handle is dead. Every watcher is told Expired once, what is queued fails
     * with SessionExpired and so does every later call; no Closed follows (close() is then a no-op). Runs on the
     * I/O thread, so the threads are told to stop without being waited for.
     */
    private void endAfterExpiry() {
        LOG.info("session 0x{} expired, the client is closed", Long.toHexString(session.sessionId()));
        state = State.CLOSED;
        failOutgoing(ErrorCode.SESSION_EXPIRED);
        Set<Watcher> dropped = watches.clear();
        stateEvent(WatchEvent.State.EXPIRED);
        tellExpired(dropped);
        failWaiters();
        new ArrayList<>(delayed.values()).forEach(events::execute);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        events.shutdown();
    }

    private void tellExpired(Set<Watcher> watchers) {
        WatchEvent expired = new WatchEvent(WatchEvent.Type.NONE, WatchEvent.State.EXPIRED, null);
        for (Watcher w : watchers) {
            if (w != defaultWatcher) { // it hears the state change itself
                events.execute(() -> w.process(expired));
            }
        }
    }

    /**
     * The server refused credentials (and closes the connection). As ZooKeeper's client, that ends the client:
     * sending the same credentials again would only be refused again. Queued and later calls fail with
     * AuthFailed, and the default watcher hears AuthFailed.
     */
    void authFailed() {
        if (state == State.CLOSED) {
            return;
        }
        LOG.warn("session 0x{}: the server refused the credentials; the client is closed",
                Long.toHexString(session.sessionId()));
        closedCode = ErrorCode.AUTH_FAILED;
        state = State.CLOSED;
        failOutgoing(ErrorCode.AUTH_FAILED);
        Connection c = current;
        if (c != null) {
            c.close();
        }
        stateEvent(WatchEvent.State.AUTH_FAILED);
        failWaiters();
        new ArrayList<>(delayed.values()).forEach(events::execute);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        events.shutdown();
    }

    void notification(WatcherEvent event, long zxid) {
        String clientPath = chroot.strip(event.path());
        WatchEvent delivered = new WatchEvent(WatchEvent.Type.of(event.type()), WatchEvent.State.of(event.state()),
                clientPath, zxid);
        Set<Watcher> triggered = watches.triggered(event.type(), event.path());
        for (Watcher w : triggered) {
            events.execute(() -> w.process(delivered));
        }
    }

    <T> void answer(Packet<T> packet, int err, ByteBuf body) {
        if (packet.removal != null) {
            removalAnswered(packet, err);
        } else if (err == ErrorCode.OK) {
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

    /**
     * removeWatches and removeAllWatches. As ZooKeeper's client, the watcher must hold such a watch here, else
     * NoWatcher; this client checks that before sending, so no round trip is spent on it. A local removal while
     * not connected is done at once, without the server.
     */
    Packet<Void> removeWatches(Packet<Void> packet) {
        WatchRemoval r = packet.removal;
        if (!watches.contains(r.type(), r.serverPath(), r.watcher())) {
            complete(packet, ErrorCode.NO_WATCHER);
            return packet;
        }
        if (r.local() && state != State.CONNECTED) {
            takeOutHere(packet, WatchEvent.State.DISCONNECTED);
            return packet;
        }
        return submit(packet);
    }

    /**
     * The server's answer to a removal (OK, or an error, or the connection's loss). Taken out here on OK, and on
     * any error when local; ZooKeeper's client checks the watcher is still held first, so a watch that fired
     * meanwhile gives NoWatcher whatever the server said. Runs on the I/O thread, in order with notifications,
     * so no notification after the answer reaches a removed watcher.
     */
    private void removalAnswered(Packet<?> packet, int err) {
        WatchRemoval r = packet.removal;
        if (!watches.contains(r.type(), r.serverPath(), r.watcher())) {
            complete(packet, ErrorCode.NO_WATCHER);
        } else if (err == ErrorCode.OK) {
            takeOutHere(packet, WatchEvent.State.SYNC_CONNECTED);
        } else if (r.local()) {
            // as ZooKeeper's client: the watcher hears it with Disconnected when the server could not be reached
            boolean unreachable = err == ErrorCode.CONNECTION_LOSS || err == ErrorCode.SESSION_EXPIRED;
            takeOutHere(packet, unreachable ? WatchEvent.State.DISCONNECTED : WatchEvent.State.SYNC_CONNECTED);
        } else {
            complete(packet, err);
        }
    }

    private void takeOutHere(Packet<?> packet, WatchEvent.State state) {
        WatchRemoval r = packet.removal;
        Map<WatchEvent.Type, Set<Watcher>> removed = watches.remove(r.type(), r.serverPath(), r.watcher());
        if (removed.isEmpty()) {
            complete(packet, ErrorCode.NO_WATCHER);
            return;
        }
        removed.forEach((type, watchers) -> {
            WatchEvent told = new WatchEvent(type, state, r.clientPath());
            watchers.forEach(w -> events.execute(() -> w.process(told)));
        });
        complete(packet, ErrorCode.OK);
    }

    // ---- connecting ----

    /**
     * The search found a server that serves writes: as ZooKeeper's client, drop the read-only connection and
     * connect there. A session that began read-write re-attaches; one made by the read-only server is not valid
     * elsewhere, so a new one is asked for (see {@link SessionState#connectRequest}).
     */
    private void readWriteServerFound(InetSocketAddress server) {
        Connection c = current;
        if (state != State.CONNECTED || !session.readOnly() || c == null) {
            return;
        }
        LOG.info("{}:{} serves writes, leaving the read-only server {}", server.getHostString(), server.getPort(),
                c.remoteAddress());
        readWriteServer = server;
        c.close();
    }

    /** Whether connected to a server that serves reads only. */
    boolean connectedReadOnly() {
        return state == State.CONNECTED && current != null && session.readOnly();
    }

    private void connectNext() {
        if (state != State.CONNECTING) {
            return;
        }
        InetSocketAddress readWrite = readWriteServer;
        if (readWrite != null) {
            readWriteServer = null;
            InetSocketAddress address = hosts.handOut(readWrite);
            group.execute(() -> connect(address));
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
        failWaiters();
        Connection c = current;
        if (c != null) {
            group.execute(c::close);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        failOutgoing(ErrorCode.SESSION_EXPIRED);
        // retries waiting out a delay run now: they find the client closed and fail instead of hanging
        new ArrayList<>(delayed.values()).forEach(events::execute);
        stateEvent(WatchEvent.State.CLOSED);
        events.close();
    }

    private void failWaiters() {
        List<Waiter> left;
        synchronized (waiters) {
            left = new ArrayList<>(waiters);
            waiters.clear();
        }
        left.forEach(w -> w.future().completeExceptionally(new IllegalStateException("the client is closed")));
    }

    /** Fails queued requests past their deadline; a connection fails its own overdue sent request. */
    private void failOverdue() {
        // the queue is in submit order, so deadlines rise along it: stop at the first one not yet due
        Packet<?> head;
        while ((head = outgoing.peek()) != null && deadlines.overdue(head.deadline)) {
            if (outgoing.remove(head)) {
                fail(head, ErrorCode.CONNECTION_LOSS);
            }
        }
        Connection c = current;
        if (c != null) {
            c.failOverdue();
        }
    }

    private void failOutgoing(int code) {
        List<Packet<?>> drained = new ArrayList<>();
        Packet<?> p;
        while ((p = outgoing.poll()) != null) {
            drained.add(p);
        }
        drained.forEach(x -> fail(x, code));
    }

    void fail(Packet<?> packet, int code) {
        if (packet.removal != null) {
            removalAnswered(packet, code); // a local removal still happens
            return;
        }
        complete(packet, code);
    }

    /** Completes the future on the event thread: with null for OK, else with the error. */
    private void complete(Packet<?> packet, int code) {
        if (code == ErrorCode.OK) {
            events.execute(() -> packet.future.complete(null));
            return;
        }
        ArborException error = packet.error(code);
        events.execute(() -> packet.future.completeExceptionally(error));
    }

    private void stateEvent(WatchEvent.State s) {
        WatchEvent event = new WatchEvent(WatchEvent.Type.NONE, s, null);
        if (s == WatchEvent.State.DISCONNECTED) {
            disconnections++;
        }
        long n = disconnections;
        events.execute(() -> defaultWatcher.process(event));
        events.execute(() -> states.keeperState(s, n));
    }

}
