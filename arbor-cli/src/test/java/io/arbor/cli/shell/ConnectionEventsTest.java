package io.arbor.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The shell when its server goes away: the loss shows as zkCli shows it (a WATCHER:: line with state:Disconnected),
 * the prompt says CONNECTING; when the only server left does not know the session, the expiry shows
 * (state:Expired), the Arbor client opens a new session by itself and the shell works on in it.
 */
class ConnectionEventsTest {
    @Test
    void lossAndExpiryShowAndTheShellCarriesOnInANewSession() throws IOException {
        int laterPort;
        try (ServerSocket reserve = new ServerSocket(0)) {
            laterPort = reserve.getLocalPort();
        }
        TestServer first = TestServer.start();
        TestServer second = null;
        // both servers in the connect string; the second starts only once the first is gone
        String cs = first.connectString() + ",127.0.0.1:" + laterPort;
        try (ArborScript shell = new ArborScript(cs)) {
            assertThat(shell.shell().prompt()).isEqualTo("[zk: " + cs + "(CONNECTED) 0] ");
            shell.executeLine("create -e /mine x");
            shell.reset();

            first.close();
            awaitText(shell, "\nWATCHER::\n\nWatchedEvent state:Disconnected type:None path:null zxid: -1\n");
            assertThat(shell.shell().prompt()).contains("(CONNECTING) 1] ");

            second = TestServer.start(laterPort);
            // a server refuses a client that has seen more than it has (as ZooKeeper does): catch up first
            for (int i = 0; i < 10; i++) {
                second.newRoot("catch-up");
            }
            awaitText(shell, "\nWATCHER::\n\nWatchedEvent state:Expired type:None path:null zxid: -1\n");
            String afterExpiry = "WatchedEvent state:Expired type:None path:null zxid: -1\n"
                    + "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null zxid: -1\n";
            awaitText(shell, afterExpiry);
            assertThat(shell.shell().prompt()).isEqualTo("[zk: " + cs + "(CONNECTED) 1] ");

            shell.reset();
            assertThat(shell.executeLine("getEphemerals")).isEqualTo(0);
            assertThat(shell.executeLine("create -e /mine y")).isEqualTo(0);
            assertThat(shell.executeLine("getEphemerals")).isEqualTo(0);
            assertThat(shell.text()).isEqualTo("[]\nCreated /mine\n[/mine]\n");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static void awaitText(ArborScript shell, String text) {
        try {
            Poll.upTo(Duration.ofSeconds(20)).until(() -> shell.text().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("never printed: " + text + "\nprinted:\n" + shell.text(), e);
        }
    }
}
