package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The isro question over a real socket, to scripted four-letter-word servers. */
class IsroProbeTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final IsroProbe probe = new IsroProbe(group, Duration.ofMillis(500));
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (ServerSocket l : listeners) {
            l.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** A server that reads the four letters, answers {@code reply} (null: nothing) and closes unless {@code hang}. */
    private InetSocketAddress server(String reply, boolean hang) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listeners.add(listener);
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                InputStream in = s.getInputStream();
                asked.add(new String(in.readNBytes(4), StandardCharsets.US_ASCII));
                if (reply != null) {
                    s.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
                if (hang) {
                    in.read(); // until the probe gives up and closes
                }
            } catch (IOException e) {
                // the probe closed first: fine
            }
        });
        t.setDaemon(true);
        t.start();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    @Test
    void aServerThatAnswersRwServesWrites() throws Exception {
        assertThat(probe.isReadWrite(server("rw\n", false)).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(asked).containsExactly("isro");
    }

    @Test
    void aReadOnlyServerOrOneThatSaysNothingDoesNot() throws Exception {
        assertThat(probe.isReadWrite(server("ro\n", false)).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(probe.isReadWrite(server(null, false)).get(5, TimeUnit.SECONDS)).isFalse();
        // isro not allowed on that server: ZooKeeper answers with a sentence
        assertThat(probe.isReadWrite(server("isro is not executed because it is not in the whitelist.\n", false))
                .get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void silenceIsNoOnceTheTimeoutPasses() throws Exception {
        long start = System.nanoTime();
        assertThat(probe.isReadWrite(server(null, true)).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aRefusedConnectionIsNo() throws Exception {
        ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = closed.getLocalPort();
        closed.close();
        assertThat(probe.isReadWrite(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void onlyAFirstLineOfRwCounts() {
        assertThat(IsroProbe.isReadWrite("rw")).isTrue();
        assertThat(IsroProbe.isReadWrite("rw\n")).isTrue();
        assertThat(IsroProbe.isReadWrite("ro\n")).isFalse();
        assertThat(IsroProbe.isReadWrite("")).isFalse();
        assertThat(IsroProbe.isReadWrite("rwx\n")).isFalse();
        assertThat(IsroProbe.isReadWrite("null\n")).isFalse();
    }
}
