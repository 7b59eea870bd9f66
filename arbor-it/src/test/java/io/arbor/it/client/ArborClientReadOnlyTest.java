package io.arbor.it.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.arbor.client.ArborClient;
import io.arbor.client.ArborException;
import io.arbor.client.ConnectionState;
import io.arbor.client.WatchEvent;
import io.arbor.it.TcpProxy;
import io.arbor.it.ZooKeeperProcesses;
import io.arbor.protocol.Acl;
import io.arbor.protocol.CreateMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a real read-only ZooKeeper: a 3-server 3.9 ensemble in child processes with
 * {@code readonlymode.enabled}, two members killed so the last one serves reads only, then started again. The
 * stock client runs beside the Arbor client as the reference. No Arbor side: Arbor's read-only mode comes with its
 * ensemble.
 *
 * <p>What ZooKeeper 3.9 does, learned here: a read-only server refuses to re-attach a global session ("Refusing
 * global session reconnection in RO mode") and makes only local sessions, which no other server knows. So a
 * client whose session began read-write waits, disconnected, for a read-write server and keeps its session; a
 * client that begins while only the read-only server is up gets a local session there and a new one on the
 * read-write server it moves to.
 */
class ArborClientReadOnlyTest {
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    private static final Duration PATIENCE = ZooKeeperProcesses.PATIENCE;

    /** What a client's default watcher and connection-state listener heard. */
    private static final class Heard {
        final List<WatchEvent.State> keeper = new CopyOnWriteArrayList<>();
        final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    }

    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private ArborClient client(String connectString, boolean canBeReadOnly, Heard heard) {
        ArborClient c = ArborClient.builder().connectString(connectString).sessionTimeout(Duration.ofSeconds(20))
                .canBeReadOnly(canBeReadOnly).watcher(e -> heard.keeper.add(e.state()))
                .connectionStateListener((x, s) -> heard.states.add(s)).build();
        closeAfter.add(c);
        return c;
    }

    private ZooKeeper stockClient(String connectString) throws Exception {
        ZooKeeper zk = new ZooKeeper(connectString, 20_000, e -> { }, true);
        closeAfter.add(zk::close);
        return zk;
    }

    @Test
    void aReadOnlyServerServesReadsUntilTheClientsMoveBackToReadWrite(@TempDir Path dir) throws Exception {
        ZooKeeperProcesses zk = ZooKeeperProcesses.ensemble(3, dir);
        closeAfter.add(zk);
        // a read-write server outside the ensemble, reached through a proxy that is cut until the search may find it
        ZooKeeperProcesses standalone = ZooKeeperProcesses.standalone(dir);
        closeAfter.add(standalone);
        TcpProxy toStandalone = new TcpProxy(standalone.clientPort(0));
        closeAfter.add(toStandalone);
        toStandalone.cut();
        await().atMost(PATIENCE).until(() -> List.of(1, 2, 3).stream().map(zk::mode).filter("leader"::equals)
                .count() == 1 && List.of(1, 2, 3).stream().map(zk::mode).filter("follower"::equals).count() == 2);

        // sessions that begin read-write; the ephemerals make them global sessions, known to every member
        Heard heardA = new Heard();
        ArborClient a = client(zk.connectString(), true, heardA);
        a.create("/ro", bytes("x"), OPEN, CreateMode.PERSISTENT);
        a.create("/a", null, OPEN, CreateMode.EPHEMERAL);
        long sessionA = a.sessionId();
        Heard heardW = new Heard();
        ArborClient w = client(zk.connectString(), false, heardW);
        w.create("/w", null, OPEN, CreateMode.EPHEMERAL);
        long sessionW = w.sessionId();
        ZooKeeper stockA = stockClient(zk.connectString());
        await().atMost(PATIENCE).until(() -> stockA.getState() == ZooKeeper.States.CONNECTED);
        stockA.create("/s", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.EPHEMERAL);
        long stockSessionA = stockA.getSessionId();

        zk.kill(1);
        zk.kill(2);
        await().atMost(PATIENCE).until(() -> "read-only".equals(zk.mode(3)));
        assertThat(zk.fourLetterWord(3, "isro")).isEqualTo("ro");

        // a client that begins now gets a session of the read-only server's own
        Heard heardB = new Heard();
        ArborClient b = client(zk.connectString(), true, heardB);
        await().atMost(PATIENCE).until(b::isConnectedReadOnly);
        long readOnlySessionB = b.sessionId();
        assertThat(readOnlySessionB).isNotZero();
        assertThat(heardB.keeper).containsExactly(WatchEvent.State.CONNECTED_READ_ONLY);
        assertThat(heardB.states).containsExactly(ConnectionState.READ_ONLY);
        assertThat(b.connectedServer()).hasValueSatisfying(s -> assertThat(s.getPort()).isEqualTo(zk.clientPort(3)));
        ZooKeeper stockB = stockClient(zk.connectString());
        await().atMost(PATIENCE).until(() -> stockB.getState() == ZooKeeper.States.CONNECTEDREADONLY);

        // reads are served, writes (and sync) refused with NotReadOnly
        assertThat(b.getData("/ro").data()).isEqualTo(bytes("x"));
        assertThat(b.getChildren("/")).contains("ro", "a", "w", "s");
        assertThat(b.exists("/a")).isPresent();
        List<WatchEvent> watchedOnReadOnly = new CopyOnWriteArrayList<>();
        b.getData("/ro", watchedOnReadOnly::add);
        assertThatThrownBy(() -> b.create("/b", null, OPEN, CreateMode.PERSISTENT))
                .isInstanceOf(ArborException.NotReadOnlyException.class);
        assertThatThrownBy(() -> b.setData("/ro", bytes("y"), -1))
                .isInstanceOf(ArborException.NotReadOnlyException.class);
        assertThatThrownBy(() -> b.delete("/ro", -1)).isInstanceOf(ArborException.NotReadOnlyException.class);
        assertThatThrownBy(() -> b.sync("/ro")).isInstanceOf(ArborException.NotReadOnlyException.class);

        // global sessions are refused by the read-only server, the stock client's as this client's: they wait
        assertThat(stockA.getState()).isEqualTo(ZooKeeper.States.CONNECTING);
        assertThat(a.connectedServer()).isEmpty();
        // (it may have re-attached to the last member before that noticed its quorum was gone)
        assertThat(heardA.states).doesNotContain(ConnectionState.READ_ONLY).last()
                .isEqualTo(ConnectionState.SUSPENDED);
        // and a client that did not allow read-only is refused whatever its session
        assertThat(w.connectedServer()).isEmpty();
        assertThat(heardW.states).doesNotContain(ConnectionState.READ_ONLY);

        // the search: a client connected read-only asks the others (isro) and moves to one that serves writes
        Heard heardC = new Heard();
        ArborClient c = client(zk.connectString(3) + "," + toStandalone.connectString(), true, heardC);
        await().atMost(PATIENCE).until(c::isConnectedReadOnly);
        long readOnlySessionC = c.sessionId();
        toStandalone.heal();
        await().atMost(PATIENCE).until(() -> heardC.states.contains(ConnectionState.CONNECTED));
        assertThat(heardC.keeper).containsExactly(WatchEvent.State.CONNECTED_READ_ONLY,
                WatchEvent.State.DISCONNECTED, WatchEvent.State.SYNC_CONNECTED);
        assertThat(heardC.states).containsExactly(ConnectionState.READ_ONLY, ConnectionState.SUSPENDED,
                ConnectionState.CONNECTED);
        assertThat(c.isConnectedReadOnly()).isFalse();
        assertThat(c.connectedServer()).hasValueSatisfying(s -> assertThat(s.getPort()).isEqualTo(toStandalone.port()));
        // the read-only server's session is not valid elsewhere: a new one was made
        assertThat(c.sessionId()).isNotZero().isNotEqualTo(readOnlySessionC);
        assertThat(c.create("/c", null, OPEN, CreateMode.PERSISTENT)).isEqualTo("/c");

        // the quorum comes back: the read-only server leaves read-only mode and every client finds read-write
        zk.start(1);
        zk.start(2);
        await().atMost(PATIENCE).until(() -> heardB.states.contains(ConnectionState.CONNECTED));
        await().atMost(PATIENCE).until(() -> heardA.states.contains(ConnectionState.RECONNECTED));
        await().atMost(PATIENCE).until(() -> heardW.states.contains(ConnectionState.RECONNECTED));
        await().atMost(PATIENCE).until(() -> stockA.getState() == ZooKeeper.States.CONNECTED
                && stockB.getState() == ZooKeeper.States.CONNECTED);

        // the client that began read-only: a new session, its first read-write connection told CONNECTED
        assertThat(b.isConnectedReadOnly()).isFalse();
        assertThat(b.sessionId()).isNotZero().isNotEqualTo(readOnlySessionB);
        assertThat(heardB.keeper).containsExactly(WatchEvent.State.CONNECTED_READ_ONLY,
                WatchEvent.State.DISCONNECTED, WatchEvent.State.SYNC_CONNECTED);
        assertThat(heardB.states).containsExactly(ConnectionState.READ_ONLY, ConnectionState.SUSPENDED,
                ConnectionState.CONNECTED);
        assertThat(b.create("/b", null, OPEN, CreateMode.EPHEMERAL)).isEqualTo("/b");
        // the global sessions were kept, by the stock client as by this one, ephemerals and all
        assertThat(a.sessionId()).isEqualTo(sessionA);
        assertThat(w.sessionId()).isEqualTo(sessionW);
        assertThat(stockA.getSessionId()).isEqualTo(stockSessionA);
        for (Heard h : List.of(heardA, heardW)) {
            // re-attaching is asynchronous: the session is the same once the client is back, which may be a
            // moment after the other client's create
            await().atMost(PATIENCE).until(() -> !h.states.isEmpty()
                    && h.states.get(h.states.size() - 1) == ConnectionState.RECONNECTED);
            assertThat(h.keeper).doesNotContain(WatchEvent.State.CONNECTED_READ_ONLY, WatchEvent.State.EXPIRED)
                    .last().isEqualTo(WatchEvent.State.SYNC_CONNECTED);
            assertThat(h.states).doesNotContain(ConnectionState.READ_ONLY, ConnectionState.LOST)
                    .startsWith(ConnectionState.CONNECTED).last().isEqualTo(ConnectionState.RECONNECTED);
        }
        assertThat(b.getEphemerals("/")).containsExactly("/b");
        assertThat(a.getEphemerals("/")).containsExactly("/a");
        // the watch set on the read-only server was carried to the new session
        a.setData("/ro", bytes("z"), -1);
        await().atMost(PATIENCE).until(() -> !watchedOnReadOnly.isEmpty());
        assertThat(watchedOnReadOnly).usingRecursiveFieldByFieldElementComparatorIgnoringFields("zxid").containsExactly(
                new WatchEvent(WatchEvent.Type.NODE_DATA_CHANGED, WatchEvent.State.SYNC_CONNECTED, "/ro"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
