package io.arbor.it.client;

import io.arbor.protocol.Acl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class whose tests run against Arbor and Apache ZooKeeper alike: both servers for the class
 * ({@code @MethodSource("servers")} names them), and what a test opens closed after it.
 */
abstract class AgainstBothServers {
    static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    static final AtomicInteger UNIQUE = new AtomicInteger();
    static final Duration WAIT = Duration.ofSeconds(10);

    static BothServers servers;

    final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        servers = BothServers.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        servers.close();
    }

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        closeAfter.clear();
    }

    static List<String> servers() {
        return BothServers.names().toList();
    }
}
