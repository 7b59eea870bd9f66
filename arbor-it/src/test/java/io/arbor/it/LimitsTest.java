package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.arbor.server.network.ClientConnection;
import io.arbor.server.network.RequestThrottle;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The server-wide limits of zoo.cfg: maxClientCnxns, maxCnxns and globalOutstandingLimit. */
class LimitsTest {

    private static ListAppender<ILoggingEvent> capture(Class<?> type) {
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        ((Logger) LoggerFactory.getLogger(type)).addAppender(seen);
        return seen;
    }

    /** True once the server has closed a connection it accepted, seen as EOF on a blocking read. */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        return in.read() == -1;
    }

    private static void assertConnectionRefused(ArborTestServer server) throws IOException {
        try (Socket extra = new Socket()) {
            extra.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            assertThat(closedByServer(extra)).isTrue();
        }
    }

    @Test
    void maxClientCnxnsRefusesTheConnectionPastTheLimitFromOneAddress() throws Exception {
        ListAppender<ILoggingEvent> seen = capture(ClientConnection.class);
        try (ArborTestServer server = ArborTestServer.start("maxClientCnxns=2");
             ZooKeeper a = server.client();
             ZooKeeper b = server.client()) {
            assertConnectionRefused(server);
            assertThat(seen.list).anyMatch(e -> e.getFormattedMessage().contains("max is 2 (maxClientCnxns)"));
            // the two that fit keep working
            a.create("/limits", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertThat(b.exists("/limits", false)).isNotNull();
        }
    }

    @Test
    void maxCnxnsCapsAllConnections() throws Exception {
        try (ArborTestServer server = ArborTestServer.start("maxCnxns=1");
             ZooKeeper only = server.client()) {
            assertConnectionRefused(server);
            assertThat(only.exists("/", false)).isNotNull();
        }
    }

    @Test
    void pastGlobalOutstandingLimitReadsPauseAndEveryRequestIsStillAnswered() throws Exception {
        ListAppender<ILoggingEvent> seen = capture(RequestThrottle.class);
        try (ArborTestServer server = ArborTestServer.start("globalOutstandingLimit=4")) {
            List<ZooKeeper> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    clients.add(server.client());
                }
                clients.get(0).create("/throttle", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                int perClient = 500;
                CountDownLatch done = new CountDownLatch(clients.size() * perClient);
                AtomicInteger failures = new AtomicInteger();
                for (ZooKeeper zk : clients) {
                    for (int i = 0; i < perClient; i++) {
                        zk.setData("/throttle", new byte[10], -1, (rc, path, ctx, stat) -> {
                            if (rc != KeeperException.Code.OK.intValue()) {
                                failures.incrementAndGet();
                            }
                            done.countDown();
                        }, null);
                    }
                }
                assertThat(done.await(60, TimeUnit.SECONDS)).as("every request answered").isTrue();
                assertThat(failures).hasValue(0);
                assertThat(clients.get(1).exists("/throttle", false).getVersion()).isEqualTo(4 * perClient);
                assertThat(seen.list).anyMatch(e -> e.getFormattedMessage().contains("pausing reads"));
                RequestThrottle throttle = server.server().context().throttle();
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> throttle.outstanding() == 0
                        && throttle.pausedConnections() == 0);
            } finally {
                for (ZooKeeper zk : clients) {
                    zk.close();
                }
            }
        }
    }

    @Test
    void aClientThatDoesNotReadItsRepliesIsDisconnectedBeforeItTakesTheServersMemory() throws Exception {
        ListAppender<ILoggingEvent> seen = capture(ClientConnection.class);
        // jute.maxbuffer 16 KiB: a connection may leave 64 x 16 KiB = 1 MiB of replies unread
        try (ArborTestServer server = ArborTestServer.start("jute.maxbuffer=16384");
             ZooKeeper zk = server.client()) {
            zk.create("/big", new byte[15_000], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            try (RawClient raw = new RawClient(server.port())) {
                raw.connect(30_000);
                for (int i = 0; i < 1000; i++) { // ~15 MB of replies, never read: more than socket buffers hold
                    raw.send(ZooDefs.OpCode.getData, RawClient.pathWatch("/big", false));
                }
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seen.list.stream()
                        .anyMatch(e -> e.getFormattedMessage().contains("not reading its replies")));
            }
            // everyone else is served as before
            assertThat(zk.exists("/big", false).getDataLength()).isEqualTo(15_000);
        }
    }
}
