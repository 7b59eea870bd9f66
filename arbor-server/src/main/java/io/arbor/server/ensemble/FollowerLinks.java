package io.arbor.server.ensemble;

import io.arbor.protocol.ErrorCode;
import io.arbor.protocol.OpCode;
import io.arbor.protocol.ProtocolException;
import io.arbor.protocol.Record;
import io.arbor.server.network.RequestDecoder;
import io.arbor.server.pipeline.Origin;
import io.arbor.server.pipeline.PrepareStage;
import io.arbor.server.pipeline.Request;
import io.arbor.server.session.Session;
import io.arbor.server.session.SessionTracker;
import io.arbor.server.tree.DataTree;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of the followers' links (on the election port): takes their clients' writes into PREPARE,
 * their touches into the session tracker, and answers what the log does not carry. A link is taken only while
 * this server leads and is ready; it is closed when it stops leading.
 */
final class FollowerLinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FollowerLinks.class);

    private final java.util.function.Consumer<Request> submit;
    private final PrepareStage prepare;
    private final SessionTracker sessions;
    private final DataTree tree;
    private final BooleanSupplier leading;
    private final BooleanSupplier ready;
    /** Links that said hello before this leader was ready: welcomed once it is. */
    private final java.util.Set<Link> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Links that said hello and are open. */
    private final java.util.Set<Link> hello = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final EventLoopGroup group;
    private final int maxFrame;
    private final ChannelGroup links = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel listener;

    /** {@code submit}: where the followers' writes go (the leader's PREPARE, reconfigs by way of Raft first). */
    FollowerLinks(java.util.function.Consumer<Request> submit, PrepareStage prepare, SessionTracker sessions,
            DataTree tree, BooleanSupplier leading, BooleanSupplier ready, EventLoopGroup group, int maxFrame) {
        this.ready = ready;
        this.submit = submit;
        this.prepare = prepare;
        this.sessions = sessions;
        this.tree = tree;
        this.leading = leading;
        this.group = group;
        this.maxFrame = maxFrame;
    }

    InetSocketAddress start(InetSocketAddress address) throws java.io.IOException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        PeerFraming.install(ch.pipeline(), maxFrame);
                        ch.pipeline().addLast("link", new Link());
                    }
                });
        try {
            listener = b.bind(address).sync().channel();
        } catch (Exception e) {
            throw new java.io.IOException("cannot listen for followers on " + address + ": " + e.getMessage(), e);
        }
        return (InetSocketAddress) listener.localAddress();
    }

    /** Closes every follower's link: this server no longer leads. */
    void dropAll() {
        waiting.clear();
        links.close();
    }

    /** This leader is ready: the followers that linked meanwhile may serve. */
    void welcomeWaiting() {
        for (Link l : List.copyOf(waiting)) {
            waiting.remove(l);
            l.welcome();
        }
    }

    /** The ids of the followers and observers linked now (those that said hello). */
    List<Long> linkedServers() {
        return hello.stream().map(l -> l.serverId).toList();
    }

    @Override
    public void close() {
        links.close();
        if (listener != null) {
            listener.close();
        }
    }

    /** One follower's link; also the origin of the requests it forwards. */
    private final class Link extends SimpleChannelInboundHandler<PeerMessage> implements Origin {
        private Channel channel;
        private long serverId = -1;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            if (!leading.getAsBoolean()) {
                LOG.info("Refusing a follower link from {}: this server does not lead", channel.remoteAddress());
                channel.close();
                return;
            }
            links.add(channel);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            hello.remove(this);
            waiting.remove(this);
            if (serverId >= 0) {
                LOG.info("Link from follower {} ({}) closed", serverId, channel.remoteAddress());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("Closing the link from follower {} ({}): {}", serverId, ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, PeerMessage m) {
            if (!leading.getAsBoolean()) {
                ctx.close();
                return;
            }
            if (m instanceof PeerMessage.Hello h) {
                serverId = h.serverId();
                hello.add(this);
                LOG.info("Follower {} linked from {}", serverId, channel.remoteAddress());
                if (ready.getAsBoolean()) {
                    welcome();
                } else {
                    waiting.add(this);
                    if (ready.getAsBoolean() && waiting.remove(this)) {
                        welcome(); // it became ready meanwhile
                    }
                }
            } else if (m instanceof PeerMessage.Forward f) {
                forward(f);
            } else if (m instanceof PeerMessage.Touch t) {
                for (long id : t.sessionIds()) {
                    Session s = sessions.get(id);
                    if (s != null) {
                        sessions.touch(s);
                    }
                }
            } else if (m instanceof PeerMessage.Reattach r) {
                reattach(r.sessionId());
            } else {
                throw new ProtocolException("a follower sent " + m.getClass().getSimpleName());
            }
        }

        void welcome() {
            channel.writeAndFlush(new PeerMessage.Welcome(tree.lastProcessedZxid()));
        }

        private void forward(PeerMessage.Forward f) {
            Record body = null;
            int err = ErrorCode.OK;
            if (f.op() != OpCode.CREATE_SESSION && f.body().length > 0) {
                try {
                    body = RequestDecoder.decode(f.op(), Unpooled.wrappedBuffer(f.body()));
                } catch (ProtocolException | IndexOutOfBoundsException e) {
                    err = ErrorCode.MARSHALLING_ERROR;
                }
            }
            Request r = new Request(this, f.sessionId(), f.xid(), f.op(), body, f.authIds());
            r.err = err;
            if (err != ErrorCode.OK) {
                // the follower sent bytes its own decoder read: a bug, answered over the link at once
                channel.writeAndFlush(new PeerMessage.Answer(r.sessionId, r.xid, err, tree.lastProcessedZxid(),
                        null));
                return;
            }
            if (f.op() == OpCode.CREATE_SESSION) {
                Session s = new Session(f.sessionId(), f.timeout(), f.password());
                s.setOwner(this);
                sessions.add(s);
                r.session = s;
            }
            submit.accept(r);
        }

        private void reattach(long sessionId) {
            Session s = sessions.get(sessionId);
            boolean valid = s != null && !s.isClosing();
            if (valid) {
                Object previous = s.owner();
                s.setOwner(this);
                if (previous instanceof Origin o && previous != this) {
                    o.disconnect(); // the client left that connection: it must not write for the session any more
                }
                sessions.touch(s);
            }
            // the follower checks the session once it has applied all the leader prepared, its createSession too
            channel.writeAndFlush(new PeerMessage.Reattached(sessionId, valid, prepare.lastPreparedZxid()));
        }

        @Override
        public long forwardedBy() {
            return serverId;
        }

        @Override
        public void complete(Request r, long zxid, int err, Record body) {
            // the follower answers it when it applies its txn, or its answer, from the log
        }

        @Override
        public void sessionCreated(Session session) {
            // the follower answers the handshake when it applies the createSession txn
        }

        @Override
        public void sessionRefused(Session session) {
            channel.writeAndFlush(new PeerMessage.Answer(session.id(), 0, ErrorCode.SYSTEM_ERROR,
                    tree.lastProcessedZxid(), null));
        }
    }
}
