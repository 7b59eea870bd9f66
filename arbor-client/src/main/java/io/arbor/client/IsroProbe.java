package io.arbor.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks one server the four-letter word {@code isro}: a ZooKeeper server answers {@code rw} when it serves
 * writes and {@code ro} when it has lost its quorum and serves reads only; it then closes the connection. The
 * answer is true only for {@code rw}: a refusal, silence past the timeout, a server that has {@code isro} turned
 * off, or anything else counts as no.
 */
final class IsroProbe implements ReadWriteSearch.Probe {
    private static final byte[] ISRO = "isro".getBytes(StandardCharsets.US_ASCII);
    /** More than any answer to isro; what comes past it is ignored. */
    private static final int MAX_ANSWER = 64;

    private final EventLoopGroup group;
    private final Duration timeout;

    IsroProbe(EventLoopGroup group, Duration timeout) {
        this.group = group;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Boolean> isReadWrite(InetSocketAddress server) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(ISRO));
                        ctx.executor().schedule(() -> ctx.close(), timeout.toNanos(), TimeUnit.NANOSECONDS);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf in = (ByteBuf) msg;
                        try {
                            int take = Math.min(in.readableBytes(), MAX_ANSWER - text.length());
                            if (take > 0) {
                                text.append(in.toString(in.readerIndex(), take, StandardCharsets.US_ASCII));
                            }
                        } finally {
                            in.release();
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        answer.complete(isReadWrite(text.toString()));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                })
                .connect(server)
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        answer.complete(false);
                    }
                });
        return answer;
    }

    /** Whether the text a server sent back to isro says it serves writes (its first line is {@code rw}). */
    static boolean isReadWrite(String answer) {
        int end = answer.indexOf('\n');
        return (end < 0 ? answer : answer.substring(0, end)).strip().equals("rw");
    }
}
