package io.arbor.server.admin;

import io.arbor.server.metrics.ServerMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server ({@code admin.serverAddress:admin.serverPort}, commands and {@code /metrics}) and, when
 * {@code metricsProvider.httpPort} is set, a second port with {@code /metrics} alone, where ZooKeeper's
 * Prometheus provider listens. One small event loop; commands run on one worker thread.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    /** A request is a GET line and headers: anything larger is refused, and closes that one connection. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int IDLE_SECONDS = 30;

    private final AdminSettings settings;
    private final AdminCommands commands;
    private final ServerMetrics metrics;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "arbor-admin");
        t.setDaemon(true);
        return t;
    });
    private final List<Channel> channels = new ArrayList<>();
    private InetSocketAddress adminAddress;
    private InetSocketAddress metricsAddress;

    public AdminServer(AdminSettings settings, AdminCommands commands, ServerMetrics metrics) {
        this.settings = settings;
        this.commands = commands;
        this.metrics = metrics;
    }

    /**
     * Binds what the settings ask for. As ZooKeeper, a port that cannot be bound is logged and the server runs
     * on without it: the admin API is a convenience, the client port is what matters.
     */
    public AdminServer start() {
        if (settings.enabled()) {
            adminAddress = bind(settings.address(), settings.port(), true, "admin server");
            if (adminAddress != null) {
                LOG.info("Admin server listening on http://{}:{}{} (and /metrics)", adminAddress.getHostString(),
                        adminAddress.getPort(), settings.commandUrl());
            }
        }
        if (settings.metricsPort().isPresent()) {
            metricsAddress = bind(settings.metricsHost(), settings.metricsPort().getAsInt(), false,
                    "Prometheus metrics");
            if (metricsAddress != null) {
                LOG.info("Prometheus metrics on http://{}:{}/metrics", metricsAddress.getHostString(),
                        metricsAddress.getPort());
            }
        }
        return this;
    }

    private InetSocketAddress bind(String host, int port, boolean commandsToo, String what) {
        try {
            Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS) {
                                @Override
                                protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx,
                                        IdleStateEvent evt) {
                                    ctx.close();
                                }
                            });
                            c.pipeline().addLast(new HttpServerCodec(4096, 16 * 1024, 8192));
                            c.pipeline().addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));
                            c.pipeline().addLast(new AdminHttpHandler(commands, metrics, settings.commandUrl(),
                                    commandsToo, worker));
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
            channels.add(ch);
            return (InetSocketAddress) ch.localAddress();
        } catch (Exception e) { // Netty rethrows the bind's checked exception as is
            LOG.error("Cannot start the {} on {}:{}: {}; the server runs on without it", what, host, port,
                    e.toString());
            return null;
        }
    }

    /** Where the admin server listens, or null if it is off or could not bind. */
    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

    /** Where the metrics-only port listens, or null. */
    public InetSocketAddress metricsAddress() {
        return metricsAddress;
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        worker.shutdownNow();
    }
}
