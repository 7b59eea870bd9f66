package io.arbor.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.WatchEvent;
import io.arbor.protocol.CreateMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refused credentials end the client, as ZooKeeper's does (sending them again on every reconnect would only be
 * refused again); and watch events carry the zxid of the change that fired them. Against Arbor and ZooKeeper.
 */
class ArborClientAuthFailedTest extends AgainstBothServers {

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void refusedCredentialsEndTheClientWithAuthFailed(String server) throws Exception {
        List<WatchEvent> keeper = new CopyOnWriteArrayList<>();
        ArborClient c = ArborClient.builder().connectString(servers.connectString(server))
                .sessionTimeout(Duration.ofSeconds(4)).watcher(keeper::add).build();
        closeAfter.add(c);
        c.exists("/");

        assertThatThrownBy(() -> c.addAuth("no-such-scheme", "x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ArborException.AuthFailedException.class);
        await().atMost(WAIT).until(() -> keeper.stream().anyMatch(e -> e.state() == WatchEvent.State.AUTH_FAILED));
        assertThatThrownBy(() -> c.exists("/")).isInstanceOf(ArborException.AuthFailedException.class);
        assertThat(keeper).filteredOn(e -> e.state() == WatchEvent.State.AUTH_FAILED).hasSize(1);
        assertThat(keeper).as("no reconnect after the refusal")
                .filteredOn(e -> e.state() == WatchEvent.State.SYNC_CONNECTED).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aWatchEventCarriesTheZxidOfTheChangeThatFiredIt(String server) throws Exception {
        ArborClient c = ArborClient.builder().connectString(servers.connectString(server))
                .sessionTimeout(Duration.ofSeconds(4)).build();
        closeAfter.add(c);
        String path = c.create("/zx" + UNIQUE.incrementAndGet(), null, OPEN, CreateMode.PERSISTENT);
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        c.getData(path, events::add);
        long mzxid = c.setData(path, new byte[] {1}, -1).mzxid();
        await().atMost(WAIT).until(() -> !events.isEmpty());
        assertThat(events.get(0).type()).isEqualTo(WatchEvent.Type.NODE_DATA_CHANGED);
        assertThat(events.get(0).zxid()).isEqualTo(mzxid);
    }
}
