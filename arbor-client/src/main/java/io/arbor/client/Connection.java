package io.arbor.client;

import io.arbor.protocol.ConnectResponse;
import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.ReplyHeader;
import io.arbor.protocol.RequestHeader;
import io.arbor.protocol.WatcherEvent;
import io.arbor.protocol.Xid;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket to one server, on its Netty event loop: the handshake, then requests written in order from the
 * shared outgoing queue into this connection's pending queue, replies matched FIFO against it, notifications and
 * pings handled apart, and the heartbeat. Everything here runs on the event loop; only {@link #wakeUp} is called
 * from other threads.
 */
final class Connection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final ConnectionManager owner;
    private final SessionState session;
    private final Duration connectTimeout;
    private final LongSupplier nanos;
    private final ArrayDeque<Packet<?>> pending = new ArrayDeque<>();
    /** addAuth requests sent and not yet answered; their answers come with the auth xid, in order. */
    private final ArrayDeque<Packet<?>> authPending = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private ChannelHandlerContext ctx;
    private Heartbeat heartbeat;
    private ScheduledFuture<?> timer;
    private boolean established;

    Connection(ConnectionManager owner, SessionState session, Duration connectTimeout, LongSupplier nanos) {
        this.owner = owner;
        this.session = session;
        this.connectTimeout = connectTimeout;
        this.nanos = nanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.writeAndFlush(Frames.encode(ctx.alloc(), null, session.connectRequest()));
        // the handshake must complete within the connect timeout too, or the next host is tried
        timer = ctx.executor().schedule(() -> {
            LOG.info("no handshake answer from {} within {}", ctx.channel().remoteAddress(), connectTimeout);
            ctx.close();
        }, connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (heartbeat != null) {
                heartbeat.heard();
            }
            if (!established) {
                if (refusedNewSession(frame)) {
                    ctx.close();
                    return;
                }
                handshake(ConnectResponse.read(frame));
            } else {
                reply(frame);
            }
        } catch (ProtocolException e) {
            LOG.warn("protocol error from {}, dropping the connection: {}", ctx.channel().remoteAddress(), e.getMessage());
            ctx.close();
        } finally {
            frame.release();
        }
    }

    /**
     * A ZooKeeper server that serves reads only and has no local sessions answers a request for a new session
     * with an error header (NotReadOnly) instead of a ConnectResponse; the next server is tried, as ZooKeeper's
     * client would after failing to read the answer, but the log says why.
     */
    private boolean refusedNewSession(ByteBuf frame) {
        if (frame.readableBytes() != 16) { // a ConnectResponse is at least 36 bytes, a reply header 16
            return false;
        }
        ReplyHeader header = ReplyHeader.read(frame.duplicate());
        LOG.warn("{} answered the handshake with error {} ({}); a read-only ZooKeeper server makes new sessions "
                + "only with localSessionsEnabled", ctx.channel().remoteAddress(), header.err(),
                ErrorCode.message(header.err()));
        return true;
    }

    private void handshake(ConnectResponse response) {
        timer.cancel(false);
        if (!session.established(response)) {
            owner.expired();
            ctx.close();
            return;
        }
        established = true;
        heartbeat = new Heartbeat(nanos, session.negotiatedTimeout());
        scheduleHeartbeat();
        owner.connected(this);
        // credentials and watches of the session first, so the queued requests run with both in place
        for (Packet<?> p : owner.sessionSetup()) {
            write(p);
        }
        drain();
    }

    private void reply(ByteBuf frame) {
        ReplyHeader header = ReplyHeader.read(frame);
        if (header.zxid() > 0) {
            session.sawZxid(header.zxid());
        }
        switch (header.xid()) {
            case Xid.NOTIFICATION -> owner.notification(WatcherEvent.read(frame), header.zxid());
            case Xid.PING -> { } // hearing it was the point
            case Xid.AUTH -> {
                Packet<?> packet = authPending.poll();
                if (packet != null) {
                    owner.answer(packet, header.err(), frame);
                }
                if (header.err() != ErrorCode.OK) {
                    owner.authFailed(); // after the answer: it ends the client
                }
            }
            case Xid.SET_WATCHES -> { }
            default -> {
                Packet<?> packet = pending.poll();
                if (packet == null || packet.xid != header.xid()) {
                    throw new ProtocolException("reply xid " + header.xid() + " but the oldest pending request is "
                            + (packet == null ? "none" : Integer.toString(packet.xid)));
                }
                owner.answer(packet, header.err(), frame);
            }
        }
    }

    /** Asks the event loop to write what is queued; cheap to call often, coalesced. */
    void wakeUp() {
        if (ctx != null && drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(() -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        if (!established || !ctx.channel().isActive()) {
            return;
        }
        Packet<?> packet;
        boolean wrote = false;
        while ((packet = owner.outgoing().poll()) != null) {
            write(packet);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
            heartbeat.sent();
        }
    }

    /** Writes (without flushing) one request, with its xid, and remembers where its answer is to be matched. */
    private void write(Packet<?> packet) {
        switch (packet.opCode) {
            case OpCode.AUTH -> {
                packet.xid = Xid.AUTH;
                authPending.add(packet);
            }
            case OpCode.SET_WATCHES, OpCode.SET_WATCHES2 -> packet.xid = Xid.SET_WATCHES; // answer carries nothing
            default -> {
                packet.xid = owner.nextXid();
                pending.add(packet);
            }
        }
        ctx.write(Frames.encode(ctx.alloc(), new RequestHeader(packet.xid, packet.opCode), packet.body));
    }

    /**
     * Fails the oldest sent request once past its deadline with RequestTimeout, then drops the connection: the
     * answers come in order, so a request cannot be given up while keeping the connection.
     */
    void failOverdue() {
        Packet<?> oldest = pending.peek();
        if (oldest != null && owner.deadlines().overdue(oldest.deadline) && ctx.channel().isActive()) {
            pending.poll();
            LOG.info("no answer from {} to a request within the request timeout, dropping the connection",
                    ctx.channel().remoteAddress());
            owner.fail(oldest, ErrorCode.REQUEST_TIMEOUT);
            ctx.close();
        }
    }

    private void scheduleHeartbeat() {
        timer = ctx.executor().schedule(this::checkHeartbeat, heartbeat.nanosUntilNextCheck(), TimeUnit.NANOSECONDS);
    }

    private void checkHeartbeat() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (heartbeat.silentTooLong()) {
            LOG.info("nothing heard from {} for {}, dropping the connection", ctx.channel().remoteAddress(),
                    heartbeat.readTimeout());
            ctx.close();
            return;
        }
        if (heartbeat.pingDue()) {
            ctx.writeAndFlush(Frames.encode(ctx.alloc(), new RequestHeader(Xid.PING, OpCode.PING), null));
            heartbeat.sent();
        }
        scheduleHeartbeat();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        List<Packet<?>> lost = new ArrayList<>(authPending);
        lost.addAll(pending);
        authPending.clear();
        pending.clear();
        owner.lost(this, lost);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("connection to {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** The server's address, or null before the channel is active. */
    java.net.InetSocketAddress remoteAddress() {
        ChannelHandlerContext c = ctx;
        return c == null ? null : (java.net.InetSocketAddress) c.channel().remoteAddress();
    }

    void close() {
        if (ctx != null) {
            ctx.close();
        }
    }
}
