package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A workload's sessions go round-robin to the members of an ensemble: session i to member i mod N. */
class SessionPinningTest {
    @Test
    void sessionsAreSpreadRoundRobinOverTheMembers() throws Exception {
        List<TestServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                servers.add(TestServer.start("arbor"));
            }
            Members members = new Members(servers.stream().map(TestServer::connectString).toList());
            BenchSettings settings = BenchSettings.forTarget("unused:1", 8, 1, Duration.ZERO, Duration.ofMillis(100),
                    TestScale.SMALL, List.of(), java.nio.file.Path.of("/tmp"));
            WorkloadContext ctx = new WorkloadContext(settings, members, 1, Progress.silent(), "/bench");
            List<Integer> before = servers.stream().map(SessionPinningTest::connections).toList();

            List<ZooKeeper> sessions = ctx.openSessions();
            try {
                // bounded: a srvr connection of an earlier look may still be counted for a moment
                Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    List<Integer> opened = new ArrayList<>();
                    for (int i = 0; i < servers.size(); i++) {
                        opened.add(connections(servers.get(i)) - before.get(i));
                    }
                    assertThat(opened).as("8 sessions over 3 members").containsExactly(3, 3, 2);
                });
                assertThat(ctx.connectString(4)).isEqualTo(servers.get(1).connectString());
            } finally {
                Clients.closeAll(sessions);
            }
        } finally {
            servers.forEach(TestServer::close);
        }
    }

    /** The connections srvr counts on the server (the srvr connection itself included, the same every time). */
    private static int connections(TestServer server) {
        String[] hostPort = server.connectString().split(":");
        try {
            for (String line : FourLetterWord.send(hostPort[0], Integer.parseInt(hostPort[1]), "srvr").split("\n")) {
                if (line.startsWith("Connections: ")) {
                    return Integer.parseInt(line.substring("Connections: ".length()).trim());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("srvr without Connections");
    }

    /** Three single servers seen as the members of one ensemble. */
    private record Members(List<String> memberConnectStrings) implements ServerHandle {
        @Override
        public String label() {
            return "members";
        }

        @Override
        public String connectString() {
            return String.join(",", memberConnectStrings);
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.empty();
        }

        @Override
        public boolean restartable() {
            return false;
        }

        @Override
        public RestartTiming restart(String probePath) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
