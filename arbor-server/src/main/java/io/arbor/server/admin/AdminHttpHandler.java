package io.arbor.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.arbor.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP requests to the admin server: {@code GET <commandURL>} lists the commands, {@code GET
 * <commandURL>/<name>} runs one and answers JSON, {@code GET /metrics} the Prometheus exposition. Commands
 * run on {@code worker} (a snapshot can take a while), never on the event loop.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);
    private static final ObjectWriter JSON = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writerWithDefaultPrettyPrinter();
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminCommands commands;
    private final ServerMetrics metrics;
    private final String commandUrl;
    private final boolean commandsToo;
    private final Executor worker;

    /** @param commandsToo false for the metrics-only port ({@code metricsProvider.httpPort}) */
    AdminHttpHandler(AdminCommands commands, ServerMetrics metrics, String commandUrl, boolean commandsToo,
            Executor worker) {
        this.commands = commands;
        this.metrics = metrics;
        this.commandUrl = commandUrl;
        this.commandsToo = commandsToo;
        this.worker = worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, text(HttpResponseStatus.BAD_REQUEST, "bad request\n", "text/plain"));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        if (path.equals("/metrics")) {
            if (!HttpMethod.GET.equals(req.method())) {
                send(ctx, req, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n", "text/plain"));
                return;
            }
            runOff(ctx, req, () -> text(HttpResponseStatus.OK, metrics.scrape(), PROMETHEUS_TEXT));
            return;
        }
        if (commandsToo && path.equals(commandUrl)) {
            send(ctx, req, text(HttpResponseStatus.OK, listing(), "text/html"));
            return;
        }
        if (commandsToo && path.startsWith(commandUrl + "/") && path.length() > commandUrl.length() + 1) {
            String name = path.substring(commandUrl.length() + 1);
            String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
            CommandRequest request = new CommandRequest(uri.parameters(), authorization);
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            runOff(ctx, req, () -> command(name, request, remote));
            return;
        }
        send(ctx, req, text(HttpResponseStatus.NOT_FOUND, "Not found: " + path + "\n", "text/plain"));
    }

    private void runOff(ChannelHandlerContext ctx, FullHttpRequest req, Answer answer) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        worker.execute(() -> {
            Object response;
            try {
                response = answer.get();
            } catch (RuntimeException e) {
                LOG.warn("Admin request {} failed", req.uri(), e);
                response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e + "\n",
                        "text/plain");
            }
            Object out = response;
            ctx.executor().execute(() -> write(ctx, keepAlive, out));
        });
    }

    @FunctionalInterface
    private interface Answer {
        Object get();
    }

    private Object command(String name, CommandRequest request, InetSocketAddress remote) {
        AdminCommand command = commands.find(name).orElse(null);
        if (command == null) {
            return json(HttpResponseStatus.OK, name, new LinkedHashMap<>(), "Unknown command: " + name);
        }
        CommandResponse r = commands.run(command, request, remote);
        if (r.file() != null) {
            return r;
        }
        return json(HttpResponseStatus.valueOf(r.status()), command.name(), r.body(), r.error());
    }

    private String listing() {
        StringBuilder sb = new StringBuilder();
        for (AdminCommand c : commands.all()) {
            sb.append("<a href=\"").append(commandUrl).append('/').append(c.name()).append("\">").append(c.name())
                    .append("</a>\n<br/>\n");
        }
        return sb.toString();
    }

    private static FullHttpResponse json(HttpResponseStatus status, String command, Map<String, Object> body,
            String error) {
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put("command", command);
        out.put("error", error);
        try {
            return text(status, JSON.writeValueAsString(out), "application/json");
        } catch (IOException e) {
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot write JSON: " + e + "\n", "text/plain");
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return r;
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse response) {
        write(ctx, HttpUtil.isKeepAlive(req), response);
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, Object response) {
        ChannelFuture done;
        if (response instanceof CommandResponse file) {
            done = writeFile(ctx, file);
        } else {
            FullHttpResponse r = (FullHttpResponse) response;
            if (keepAlive) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            done = ctx.writeAndFlush(r);
        }
        if (!keepAlive || response instanceof CommandResponse) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Streams a snapshot file: the headers ZooKeeper sends (last_zxid, snapshot_size), then the bytes. */
    private static ChannelFuture writeFile(ChannelHandlerContext ctx, CommandResponse file) {
        RandomAccessFile raf;
        long length;
        try {
            raf = new RandomAccessFile(file.file().toFile(), "r");
            length = raf.length();
        } catch (IOException e) {
            return ctx.writeAndFlush(text(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "cannot read the snapshot: " + e + "\n", "text/plain"));
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        file.headers().forEach((k, v) -> head.headers().set(k, v));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        ctx.write(head);
        ctx.write(new DefaultFileRegion(raf.getChannel(), 0, length));
        return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Admin connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
