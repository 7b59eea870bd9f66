package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scripted server over a real socket that completes the handshake and answers pings but never answers a
 * request: the heartbeat stays content, so only the request timeout can end the wait.
 */
class SilentServerTest {
    private static final long SESSION = 0x5151L;
    private final List<Long> sessionsAsked = new CopyOnWriteArrayList<>();
    private ServerSocket listener;

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    private void serve() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    Thread c = new Thread(() -> converse(s));
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private void converse(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            in.readInt(); // length
            in.readInt(); // protocol version
            in.readLong(); // last zxid seen
            in.readInt(); // timeout
            sessionsAsked.add(in.readLong());
            in.skipBytes(in.readInt()); // password
            in.readBoolean(); // read-only
            out.writeInt(4 + 4 + 8 + 4 + 16 + 1);
            out.writeInt(0);
            out.writeInt(3000);
            out.writeLong(SESSION);
            out.writeInt(16);
            out.write(new byte[16]);
            out.writeBoolean(false);
            out.flush();
            while (true) {
                int len = in.readInt();
                int xid = in.readInt();
                in.skipBytes(len - 4);
                if (xid == -2) { // ping: answered, so the connection looks alive
                    out.writeInt(16);
                    out.writeInt(-2);
                    out.writeLong(0);
                    out.writeInt(0);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Test
    void unansweredRequestTimesOutAndTheSessionIsReattached() throws Exception {
        serve();
        List<WatchEvent> states = new CopyOnWriteArrayList<>();
        try (ArborClient c = ArborClient.builder().connectString("127.0.0.1:" + listener.getLocalPort())
                .sessionTimeout(Duration.ofSeconds(3)).requestTimeout(Duration.ofMillis(2500)).watcher(states::add)
                .build()) {
            long start = System.nanoTime();
            // 2.5 s is past the ping interval (1 s): pings were answered all along, yet the request failed
            assertThatThrownBy(() -> c.exists("/x")).isInstanceOf(ArborException.RequestTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2400),
                    Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> sessionsAsked.size() == 2);
            assertThat(sessionsAsked).containsExactly(0L, SESSION);
            assertThat(states).extracting(WatchEvent::state).startsWith(WatchEvent.State.SYNC_CONNECTED,
                    WatchEvent.State.DISCONNECTED);
        }
    }
}
