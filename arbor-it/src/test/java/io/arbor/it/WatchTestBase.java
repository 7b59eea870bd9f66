package io.arbor.it;

import java.nio.charset.StandardCharsets;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the watch tests share: each test gets, on its class's server, a fresh node {@link #base} to work
 * below, a client {@link #watching} that sets the watches and a client {@link #changing} that makes the
 * changes (so every event crosses from one session to another).
 */
abstract class WatchTestBase {
    static final byte[] NONE = new byte[0];

    private final ArborTestServer server;
    private final String basePrefix;
    ZooKeeper watching;
    ZooKeeper changing;
    String base;

    WatchTestBase(ArborTestServer server, String basePrefix) {
        this.server = server;
        this.basePrefix = basePrefix;
    }

    @BeforeEach
    void connectWatchingAndChanging() throws Exception {
        watching = server.client();
        changing = server.client();
        base = server.createTestRoot(changing, basePrefix);
    }

    @AfterEach
    void closeWatchingAndChanging() throws Exception {
        watching.close();
        changing.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Creates a persistent node through {@link #changing}; returns its stat. */
    Stat create(String path) throws Exception {
        Stat stat = new Stat();
        changing.create(path, NONE, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
        return stat;
    }
}
