package io.arbor.server.ensemble;

import io.arbor.protocol.OpCode;
import io.arbor.protocol.ProtocolException;
import io.arbor.server.pipeline.Request;
import io.arbor.server.replication.ReplicatedLog;
import io.arbor.server.session.SessionTracker;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower's (or observer's) link to the leader, on the leader's election port: it forwards the clients'
 * writes in the order they come (one TCP stream keeps each session's order), reports touched sessions every
 * half tick, asks about sessions that move here, and hands the leader's answers to the {@link ReplicatedLog}.
 */
final class LeaderLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderLink.class);

    /** Hears when the link is up and this server caught up (it may take clients), and when it is lost. */
    interface Listener {
        void linked(LeaderLink link);

        void lost(LeaderLink link, String why);
    }

    private final long myId;
    private final long leaderId;
    private final ReplicatedLog log;
    private final SessionTracker sessions;
    private final Listener listener;
    private final Map<Long, List<CompletableFuture<Boolean>>> reattaching = new ConcurrentHashMap<>();
    private volatile Channel channel;
    private volatile boolean closed;
    private ScheduledFuture<?> touches;

    LeaderLink(long myId, long leaderId, ReplicatedLog log, SessionTracker sessions, Listener listener) {
        this.myId = myId;
        this.leaderId = leaderId;
        this.log = log;
        this.sessions = sessions;
        this.listener = listener;
    }

    long leaderId() {
        return leaderId;
    }

    /** Connects; the listener hears {@code linked} once the link is up, or {@code lost} if it cannot be made. */
    void connect(EventLoopGroup group, InetSocketAddress leader, int maxFrame, int tickTime) {
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1000, 2 * tickTime))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        PeerFraming.install(ch.pipeline(), maxFrame);
                        ch.pipeline().addLast("link", new Handler());
                    }
                });
        ChannelFuture f = b.connect(leader);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                listener.lost(this, "cannot reach the leader " + leaderId + " at " + leader + ": "
                        + done.cause().getMessage());
                return;
            }
            Channel ch = f.channel();
            channel = ch;
            if (closed) {
                ch.close();
                return;
            }
            ch.writeAndFlush(new PeerMessage.Hello(myId));
            sessions.recordTouches(true);
            long every = Math.max(1, tickTime / 2);
            touches = ch.eventLoop().scheduleAtFixedRate(this::sendTouches, every, every, TimeUnit.MILLISECONDS);
            // serving waits for the leader's welcome (it refuses links until it is ready)
        });
    }

    private void sendTouches() {
        List<Long> ids = sessions.drainTouched();
        Channel ch = channel;
        if (!ids.isEmpty() && ch != null) {
            ch.writeAndFlush(new PeerMessage.Touch(ids));
        }
    }

    /** Sends a client's write (or createSession) to the leader; its answer comes through the log. */
    boolean forward(Request r) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            return false;
        }
        byte[] body = new byte[0];
        if (r.body != null) {
            ByteBuf buf = Unpooled.buffer();
            try {
                r.body.write(buf);
                body = new byte[buf.readableBytes()];
                buf.readBytes(body);
            } finally {
                buf.release();
            }
        }
        int timeout = 0;
        byte[] password = new byte[0];
        if (r.op == OpCode.CREATE_SESSION) {
            timeout = r.session.timeout();
            password = r.session.password();
        }
        log.forwarded(r);
        ch.writeAndFlush(new PeerMessage.Forward(r.sessionId, r.xid, r.op, r.authIds, timeout, password, body));
        return true;
    }

    /** Asks the leader whether a session that re-attaches here is open; completes once this server caught up. */
    CompletableFuture<Boolean> reattach(long sessionId) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            answer.completeExceptionally(new IllegalStateException("no link to the leader"));
            return answer;
        }
        reattaching.computeIfAbsent(sessionId, k -> new ArrayList<>()).add(answer);
        ch.writeAndFlush(new PeerMessage.Reattach(sessionId));
        return answer;
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private void failReattaches() {
        for (var waiting : reattaching.values()) {
            for (CompletableFuture<Boolean> f : waiting) {
                f.completeExceptionally(new IllegalStateException("the link to the leader was lost"));
            }
        }
        reattaching.clear();
    }

    private final class Handler extends SimpleChannelInboundHandler<PeerMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, PeerMessage m) {
            if (m instanceof PeerMessage.Welcome w) {
                // caught up with what the leader had when it took the link: this server's reads are not
                // older than that
                log.runWhenApplied(w.zxid(), () -> listener.linked(LeaderLink.this));
            } else if (m instanceof PeerMessage.Answer a) {
                log.answered(a.sessionId(), a.xid(), a.err(), a.multiErrors(), a.zxid());
            } else if (m instanceof PeerMessage.Reattached r) {
                List<CompletableFuture<Boolean>> waiting = reattaching.remove(r.sessionId());
                if (waiting != null) {
                    log.runWhenApplied(r.zxid(), () -> waiting.forEach(f -> f.complete(r.valid())));
                }
            } else {
                throw new ProtocolException("the leader sent " + m.getClass().getSimpleName());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (touches != null) {
                touches.cancel(false);
            }
            failReattaches();
            if (!closed) {
                listener.lost(LeaderLink.this, "the link to the leader " + leaderId + " closed");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("Closing the link to the leader {}: {}", leaderId, cause.toString());
            ctx.close();
        }
    }
}
