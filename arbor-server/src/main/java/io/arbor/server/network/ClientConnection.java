package io.arbor.server.network;

import io.arbor.protocol.Acl;
import io.arbor.protocol.ConnectRequest;
import io.arbor.protocol.ConnectResponse;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.Id;
import io.arbor.protocol.KeeperState;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.Perms;
import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.Record;
import io.arbor.protocol.RequestHeader;
import io.arbor.protocol.WatcherEvent;
import io.arbor.protocol.Xid;
import io.arbor.protocol.request.AuthPacket;
import io.arbor.server.ConnectionRegistry;
import io.arbor.server.ServerContext;
import io.arbor.server.auth.AuthResult;
import io.arbor.server.auth.AuthenticationProvider;
import io.arbor.server.auth.IpAuthenticationProvider;
import io.arbor.server.fourlw.FourLetterWords;
import io.arbor.server.pipeline.Origin;
import io.arbor.server.pipeline.Request;
import io.arbor.server.session.Session;
import io.arbor.server.watch.Watcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the handshake, then requests in order. Writes go to PREPARE (or the leader) as they
 * come; reads are answered on this event loop unless one of the session's earlier writes is still in flight,
 * in which case they wait in {@code deferred} and APPLY runs them right after answering the last write before
 * them, before it applies the next (FIFO per session, as ZooKeeper's commit processor orders them). Writes
 * behind a waiting read are not held back. Replies and watch events go through one queue and leave in
 * batches, one flush per batch.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter
        implements Origin, Watcher, ConnectionRegistry.Info {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final int FLUSH_CHUNK = 64 * 1024;
    private static final byte[] NO_PASSWORD = new byte[16];

    private final ServerContext server;
    private final Queue<Outgoing> outbound = PlatformDependent.newMpscQueue();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flush;
    private final Object order = new Object();
    private final ArrayDeque<Waiting> deferred = new ArrayDeque<>();
    private int writesInFlight;
    /** Writes of this session taken so far, and answered so far (guarded by {@code order}). */
    private long writesAccepted;
    private long writesAnswered;
    /** Writes held in {@code deferred} behind a reconfig. */
    private int heldWrites;

    /** A request that waits: a read for the first {@code afterWrites} writes to be answered, a write for a reconfig. */
    private record Waiting(Request request, long afterWrites) {}
    /**
     * A reconfig is on its way (guarded by {@code order}): an ensemble's leader handles it beside PREPARE, so the
     * session's next requests wait for its answer to keep their order.
     */
    private boolean reconfigInFlight;

    private Channel channel;
    private InetSocketAddress remote;
    private boolean registered;
    private boolean handshakeDone;
    /** While an ensemble member asks the leader about a re-attaching session: frames that came meanwhile. */
    private ArrayDeque<ByteBuf> heldFrames;
    private boolean readOnlyByte;
    /** This connection's session is served read-only: the ensemble member is cut off from the quorum. */
    private volatile boolean readOnly;
    /** Its session was made here, read-only, and is known to no other server: it goes with the connection. */
    private boolean localSession;
    private volatile Session session;
    private volatile List<Id> authIds = List.of();
    private volatile boolean closing;
    private volatile long packetsReceived;
    private volatile long packetsSent;
    private volatile long lastZxid = -1;
    private volatile int lastOp = -1;
    private final long established = System.currentTimeMillis();
    // answer statistics for cons; answers come from APPLY's thread and from the event loop, so they share a lock
    private final Object answerStats = new Object();
    private int lastCxid = -1;
    private long lastResponseMillis;
    private long lastLatency;
    private long minLatency = Long.MAX_VALUE;
    private long maxLatency;
    private long totalLatency;
    private long answerCount;

    public ClientConnection(ServerContext server) {
        this.server = server;
    }

    // ---- lifecycle ----

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        remote = (InetSocketAddress) channel.remoteAddress();
        Id ip = IpAuthenticationProvider.connectionId(remote);
        authIds = ip == null ? List.of() : List.of(ip);
        String refused = server.connections().add(this, remote.getAddress(), server.config().maxClientCnxns());
        if (refused != null) {
            LOG.warn("Refusing connection from {}: {}", remote, refused);
            channel.close();
            return;
        }
        registered = true;
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        ArrayDeque<ByteBuf> held = heldFrames;
        if (held != null) {
            held.forEach(ByteBuf::release);
            held.clear();
        }
        server.throttle().forget(channel);
        if (registered) {
            server.connections().remove(this, remote.getAddress());
        }
        for (String path : server.tree().watches().pathsOf(this)) {
            var lock = server.tree().locks().lockFor(path);
            lock.lock();
            try {
                server.tree().watches().removeAll(path, this);
            } finally {
                lock.unlock();
            }
        }
        server.tree().watches().forget(this);
        Session s = session;
        if (s != null && localSession) {
            server.sessions().remove(s.id());
        }
        if (s != null && s.owner() == this) {
            s.setOwner(null);
            LOG.debug("Connection from {} for session {} closed", remote, s.idHex());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Session s = session;
        LOG.info("Closing connection from {} (session {}): {}", remote, s == null ? "none" : s.idHex(),
                cause.toString());
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameDecoder.FourLetterWord word) {
            String text = FourLetterWords.run(word.command(), server);
            ByteBuf out = ctx.alloc().buffer(text.length() + 16);
            out.writeCharSequence(text, StandardCharsets.UTF_8);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        if (heldFrames != null) {
            heldFrames.add(frame); // released once the handshake is done
            return;
        }
        readFrame(frame);
    }

    private void readFrame(ByteBuf frame) {
        try {
            packetsReceived++;
            server.stats().received();
            if (!handshakeDone) {
                handshake(frame);
            } else {
                request(frame);
            }
        } catch (ProtocolException e) {
            LOG.warn("Closing connection from {} (session {}): malformed {}: {}", remote,
                    session == null ? "none" : session.idHex(), handshakeDone ? "request" : "handshake",
                    e.getMessage());
            channel.close();
        } finally {
            frame.release();
        }
    }

    // ---- handshake ----

    private void handshake(ByteBuf frame) {
        ConnectRequest req = ConnectRequest.read(frame);
        readOnlyByte = req.readOnlyPresent();
        String notServing = server.membership().notServing();
        if (notServing != null && !(req.readOnly() && server.config().readOnlyModeEnabled())) {
            LOG.info("Refusing session request from {}: {}; the client must try another server", remote,
                    notServing);
            channel.close();
            return;
        }
        long serverZxid = server.tree().lastProcessedZxid();
        if (req.lastZxidSeen() > serverZxid) {
            LOG.info("Refusing session request from {}: it has seen zxid 0x{}, our last zxid is 0x{}; "
                    + "the client must try another server", remote, Long.toHexString(req.lastZxidSeen()),
                    Long.toHexString(serverZxid));
            channel.close();
            return;
        }
        int timeout = Math.max(server.config().minSessionTimeout(),
                Math.min(server.config().maxSessionTimeout(), req.timeOut()));
        if (notServing != null) {
            readOnlyHandshake(req, timeout, notServing);
            return;
        }
        if (req.sessionId() == 0) {
            Session s = server.sessions().create(timeout);
            s.setOwner(this);
            session = s;
            handshakeDone = true;
            Request r = new Request(this, s.id(), 0, OpCode.CREATE_SESSION, null, authIds);
            r.session = s;
            dispatch(r);
            return;
        }
        CompletableFuture<Boolean> known = server.membership().reattach(req.sessionId());
        if (known.isDone()) {
            reattach(req, known.getNow(false), null);
            return;
        }
        // an ensemble member asks the leader first; what the client sends meanwhile waits its turn
        heldFrames = new ArrayDeque<>();
        known.whenComplete((valid, failure) -> channel.eventLoop().execute(() -> {
            reattach(req, Boolean.TRUE.equals(valid), failure);
            ArrayDeque<ByteBuf> held = heldFrames;
            heldFrames = null;
            for (ByteBuf f; (f = held.poll()) != null; ) {
                if (channel.isActive()) {
                    readFrame(f);
                } else {
                    f.release();
                }
            }
        }));
    }

    private void reattach(ConnectRequest req, boolean leaderKnowsIt, Throwable failure) {
        if (failure != null) {
            LOG.info("Closing connection from {}: cannot check session 0x{} now ({})", remote,
                    Long.toHexString(req.sessionId()), failure.getMessage());
            channel.close();
            return;
        }
        Session s = sessionToReattach(req, leaderKnowsIt);
        if (s == null) {
            return;
        }
        Object previous = s.owner();
        s.setOwner(this);
        if (previous instanceof ClientConnection old && old != this) {
            LOG.info("Session {} moved from {} to {}", s.idHex(), old.remote, remote);
            old.channel.close();
        }
        server.sessions().touch(s);
        session = s;
        handshakeDone = true;
        LOG.info("Session {} re-established with {}, timeout {}ms", s.idHex(), remote, s.timeout());
        acceptSession(s, false);
    }

    /**
     * The open session a re-attaching client names, if {@code known} and its password matches; otherwise null,
     * and the client is told its session expired.
     */
    private Session sessionToReattach(ConnectRequest req, boolean known) {
        Session s = server.sessions().get(req.sessionId());
        if (known && s != null && !s.isClosing() && MessageDigest.isEqual(s.password(), req.passwd())) {
            return s;
        }
        LOG.info("Invalid session 0x{} for client {}, probably expired", Long.toHexString(req.sessionId()), remote);
        send(new Outgoing(0, 0, 0, new ConnectResponse(0, 0, 0, NO_PASSWORD, false, readOnlyByte), true, true));
        return null;
    }

    /** The handshake's answer: the session is this connection's now. */
    private void acceptSession(Session s, boolean readOnlySession) {
        send(new Outgoing(0, 0, 0, new ConnectResponse(0, s.timeout(), s.id(), s.password(), readOnlySession,
                readOnlyByte), true, false));
    }

    /**
     * This ensemble member is cut off from the quorum and readonlymode.enabled is set: a client that accepts a
     * read-only server gets one, as ZooKeeper's read-only server does. A new session is this server's alone
     * (no txn can make it the ensemble's); writes are refused with NotReadOnly until the quorum is back, when
     * the connection is dropped and the client looks for a read-write server.
     */
    private void readOnlyHandshake(ConnectRequest req, int timeout, String why) {
        Session s;
        if (req.sessionId() == 0) {
            s = server.sessions().create(timeout);
            localSession = true;
        } else {
            s = sessionToReattach(req, true);
            if (s == null) {
                return;
            }
        }
        s.setOwner(this);
        session = s;
        handshakeDone = true;
        readOnly = true;
        LOG.info("Session {} established read-only with {}, timeout {}ms: {}", s.idHex(), remote, s.timeout(), why);
        acceptSession(s, true);
    }

    @Override
    public void sessionCreated(Session s) {
        LOG.info("Session {} established with {}, timeout {}ms", s.idHex(), remote, s.timeout());
        // counted as answered before the answer leaves: the client may ask srvr about it at once
        server.throttle().finished();
        acceptSession(s, false);
        writeDone(null);
    }

    @Override
    public void sessionRefused(Session s) {
        LOG.warn("Session {} for {} not created: its txn could not be logged; closing the connection (the client"
                + " retries)", s.idHex(), remote);
        server.throttle().finished();
        session = null;
        closing = true;
        channel.close();
    }

    @Override
    public void sessionExpired() {
        closing = true;
        channel.close();
    }

    @Override
    public void disconnect() {
        closing = true;
        channel.close();
    }

    @Override
    public void drop() {
        disconnect();
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    // ---- requests ----

    private void request(ByteBuf frame) {
        RequestHeader h = RequestHeader.read(frame);
        Session s = session;
        if (s != null) {
            server.sessions().touch(s);
        }
        lastOp = h.type();
        switch (h.type()) {
            case OpCode.PING -> {
                send(Outgoing.reply(Xid.PING, server.tree().lastProcessedZxid(), ErrorCode.OK, null));
                return;
            }
            case OpCode.AUTH -> {
                auth(AuthPacket.read(frame));
                return;
            }
            default -> { }
        }
        if (readOnly && h.type() == OpCode.CLOSE_SESSION) {
            closing = true;
            send(new Outgoing(h.xid(), server.tree().lastProcessedZxid(), ErrorCode.OK, null, false, true));
            return;
        }
        if (readOnly && RequestKind.isWrite(h.type())) {
            send(Outgoing.reply(h.xid(), server.tree().lastProcessedZxid(), ErrorCode.NOT_READONLY, null));
            return;
        }
        if (!RequestKind.isRead(h.type()) && !RequestKind.isWrite(h.type()) || h.type() == OpCode.CREATE_SESSION) {
            LOG.info("Closing connection from {} (session {}): op code {} is not implemented", remote,
                    s == null ? "none" : s.idHex(), h.type());
            send(new Outgoing(h.xid(), server.tree().lastProcessedZxid(), ErrorCode.UNIMPLEMENTED, null, false, true));
            return;
        }
        Record body;
        int err = ErrorCode.OK;
        try {
            body = RequestDecoder.decode(h.type(), frame);
        } catch (ProtocolException e) {
            LOG.warn("Malformed {} from {} (session {}): {}", OpCode.name(h.type()), remote,
                    s == null ? "none" : s.idHex(), e.getMessage());
            body = null;
            err = ErrorCode.MARSHALLING_ERROR;
        }
        Request r = new Request(this, s.id(), h.xid(), h.type(), body, authIds);
        r.err = err;
        dispatch(r);
    }

    private static boolean goesThroughPipeline(Request r) {
        return r.err == ErrorCode.OK && RequestKind.isWrite(r.op);
    }

    private void dispatch(Request r) {
        server.throttle().started(channel);
        boolean write = goesThroughPipeline(r);
        synchronized (order) {
            if (write) {
                writesAccepted++;
                if (reconfigInFlight || heldWrites > 0) { // behind a reconfig: wait for its answer, in order
                    heldWrites++;
                    deferred.add(new Waiting(r, writesAccepted));
                    return;
                }
                send(r);
                return;
            }
            if (!deferred.isEmpty() || writesAnswered < writesAccepted) {
                // after the session's writes so far, before any later one: APPLY runs it when the last of
                // them is answered, before it applies the next
                deferred.add(new Waiting(r, writesAccepted));
                return;
            }
        }
        runRead(r);
    }

    /** Sends a write on to PREPARE (or the leader); the caller holds {@code order}. */
    private void send(Request r) {
        writesInFlight++;
        r.pipelined = true;
        reconfigInFlight = r.op == OpCode.RECONFIG;
        server.membership().submitWrite(r);
    }

    private void runRead(Request r) {
        if (r.err != ErrorCode.OK) {
            complete(r, server.tree().lastProcessedZxid(), r.err, null);
            return;
        }
        Session s = session;
        if (s == null || s.isClosing()) {
            complete(r, server.tree().lastProcessedZxid(), ErrorCode.SESSION_EXPIRED, null);
            return;
        }
        server.reads().execute(r);
    }

    /** A write (or the createSession, {@code answered} null) is answered: run what waited behind it, in order. */
    private void writeDone(Request answered) {
        synchronized (order) {
            writesInFlight--;
            writesAnswered++;
            if (answered != null && answered.op == OpCode.RECONFIG) {
                reconfigInFlight = false;
            }
            while (!deferred.isEmpty()) {
                Waiting head = deferred.peek();
                if (goesThroughPipeline(head.request())) {
                    if (reconfigInFlight) {
                        break;
                    }
                    deferred.poll();
                    heldWrites--;
                    send(head.request());
                } else if (writesAnswered < head.afterWrites()) {
                    break;
                } else {
                    deferred.poll();
                    runRead(head.request());
                }
            }
        }
    }

    @Override
    public void complete(Request r, long zxid, int err, Record body) {
        boolean close = r.op == OpCode.CLOSE_SESSION && err == ErrorCode.OK;
        // Every reply echoes its request's xid, setWatches included: the Java client gives setWatches an
        // ordinary xid and matches replies FIFO (a forced -8 is "Xid out of order" and drops the connection);
        // the C client sends -8 and so gets -8 back.
        int xid = r.xid;
        // Bookkeeping before the reply leaves: the client may ask srvr, cons or mntr about it at once.
        server.throttle().finished();
        long now = System.nanoTime();
        server.stats().answered(RequestKind.isWrite(r.op), now - r.startNanos);
        recordAnswer(r.xid, now / 1_000_000, (now - r.startNanos) / 1_000_000);
        if (zxid > 0) {
            lastZxid = zxid;
        }
        if (err == ErrorCode.SESSION_MOVED) {
            LOG.info("Closing connection from {}: session {} moved to another connection", remote,
                    Long.toHexString(r.sessionId));
            send(new Outgoing(0, 0, 0, null, true, true));
        } else {
            send(new Outgoing(xid, zxid, err, err == ErrorCode.OK ? body : null, false, close));
        }
        if (close) {
            LOG.info("Closed session 0x{} of {}", Long.toHexString(r.sessionId), remote);
        }
        if (r.pipelined) {
            writeDone(r);
        }
    }

    private void auth(AuthPacket packet) {
        AuthenticationProvider provider = server.authProviders().get(packet.scheme());
        AuthResult result = provider == null
                ? AuthResult.failure("no provider for scheme " + packet.scheme())
                : provider.authenticate(remote, packet.auth() == null ? new byte[0] : packet.auth());
        if (result instanceof AuthResult.Success ok) {
            List<Id> ids = new ArrayList<>(authIds);
            for (Id id : ok.ids()) {
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            authIds = List.copyOf(ids);
            send(Outgoing.reply(Xid.AUTH, 0, ErrorCode.OK, null));
        } else {
            server.stats().authFailed();
            LOG.warn("Authentication failed for {} (session {}) with scheme '{}': {}", remote,
                    session == null ? "none" : session.idHex(), packet.scheme(),
                    ((AuthResult.Failure) result).reason());
            send(new Outgoing(Xid.AUTH, 0, ErrorCode.AUTH_FAILED, null, false, true));
        }
    }

    // ---- watches ----

    @Override
    public long sessionId() {
        Session s = session;
        return s == null ? 0 : s.id();
    }

    @Override
    public boolean isClosed() {
        return closing;
    }

    @Override
    public void deliver(int eventType, String path, long zxid, List<Acl> acl) {
        if (closing) {
            return;
        }
        if (acl != null && !server.acls().check(acl, Perms.READ, authIds)) {
            return;
        }
        send(Outgoing.reply(Xid.NOTIFICATION, zxid, ErrorCode.OK,
                new WatcherEvent(eventType, KeeperState.SYNC_CONNECTED, path)));
    }

    // ---- output ----

    private void send(Outgoing o) {
        outbound.offer(o);
        if (flushScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(flushTask);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        if (!channel.isActive()) {
            outbound.clear();
            return;
        }
        ByteBuf buf = null;
        boolean close = false;
        int n = 0;
        Outgoing o;
        while ((o = outbound.poll()) != null) {
            if (buf == null) {
                buf = channel.alloc().ioBuffer(1024);
            }
            encode(o, buf);
            n++;
            if (o.closeAfter()) {
                close = true;
                break;
            }
            if (buf.readableBytes() >= FLUSH_CHUNK) {
                channel.write(buf);
                buf = null;
            }
        }
        packetsSent += n;
        server.stats().sent(n);
        var f = channel.writeAndFlush(buf != null ? buf : Unpooled.EMPTY_BUFFER);
        if (close) {
            closing = true;
            outbound.clear();
            f.addListener(ChannelFutureListener.CLOSE);
        } else if (!channel.isWritable() && channel.bytesBeforeWritable() > maxPendingReplyBytes()) {
            // The client does not read what it asked for (or what its watches bring): holding its replies
            // would let one connection take the server's memory.
            Session s = session;
            LOG.warn("Closing connection from {} (session {}): it is not reading its replies, {} bytes pending",
                    remote, s == null ? "none" : s.idHex(), channel.bytesBeforeWritable());
            closing = true;
            outbound.clear();
            channel.close();
        }
    }

    /** The most reply bytes a connection may leave unread: 64 of the largest frames the protocol allows. */
    private long maxPendingReplyBytes() {
        return 64L * server.config().juteMaxBuffer();
    }

    private static void encode(Outgoing o, ByteBuf buf) {
        if (o.raw() && o.body() == null) {
            return; // a bare close
        }
        int start = buf.writerIndex();
        buf.writeInt(0);
        if (!o.raw()) {
            buf.writeInt(o.xid()).writeLong(o.zxid()).writeInt(o.err());
        }
        if (o.body() != null) {
            o.body().write(buf);
        }
        buf.setInt(start, buf.writerIndex() - start - 4);
    }

    // ---- operator views ----

    @Override
    public String remote() {
        return remote == null ? "?" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    @Override
    public int sessionTimeout() {
        Session s = session;
        return s == null ? 0 : s.timeout();
    }

    @Override
    public long packetsReceived() {
        return packetsReceived;
    }

    @Override
    public long packetsSent() {
        return packetsSent;
    }

    @Override
    public int queued() {
        synchronized (order) {
            return deferred.size() + writesInFlight;
        }
    }

    @Override
    public void resetStats() {
        packetsReceived = 0;
        packetsSent = 0;
        synchronized (answerStats) {
            lastCxid = -1;
            lastResponseMillis = 0;
            lastLatency = 0;
            minLatency = Long.MAX_VALUE;
            maxLatency = 0;
            totalLatency = 0;
            answerCount = 0;
        }
    }

    private void recordAnswer(int xid, long nowMillis, long latencyMillis) {
        synchronized (answerStats) {
            if (xid >= 0) { // watch events and pings carry negative xids; ZooKeeper's lcxid is the client's
                lastCxid = xid;
            }
            lastResponseMillis = nowMillis;
            lastLatency = latencyMillis;
            minLatency = Math.min(minLatency, latencyMillis);
            maxLatency = Math.max(maxLatency, latencyMillis);
            totalLatency += latencyMillis;
            answerCount++;
        }
    }

    @Override
    public ConnectionRegistry.AnswerStats answers() {
        synchronized (answerStats) {
            return answerCount == 0 ? ConnectionRegistry.AnswerStats.NONE
                    : new ConnectionRegistry.AnswerStats(lastCxid, lastResponseMillis, lastLatency, minLatency,
                            totalLatency / answerCount, maxLatency);
        }
    }

    @Override
    public int lastOpCode() {
        return lastOp;
    }

    @Override
    public long establishedMillis() {
        return established;
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }
}
