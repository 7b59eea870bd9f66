package io.arbor.it.client;

import io.arbor.it.ArborTestServer;
import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * An Arbor server and an Apache ZooKeeper server for the differential client tests, both with a 200 ms tick (so
 * sessions of a second or two can expire within a test) and with TTL nodes enabled.
 */
final class BothServers implements AutoCloseable {
    private static final String ZK_EXTENDED_TYPES = "zookeeper.extendedTypesEnabled";

    final ArborTestServer arbor;
    final TestingServer zookeeper;
    private final String extendedTypesBefore;

    private BothServers(ArborTestServer arbor, TestingServer zookeeper, String extendedTypesBefore) {
        this.arbor = arbor;
        this.zookeeper = zookeeper;
        this.extendedTypesBefore = extendedTypesBefore;
    }

    static BothServers start() throws Exception {
        ArborTestServer arbor = ArborTestServer.start("extendedTypesEnabled=true");
        // ZooKeeper reads TTL support from a system property, at start and on every TTL create: it stays set
        // while this server lives and close() restores it
        String before = System.getProperty(ZK_EXTENDED_TYPES);
        System.setProperty(ZK_EXTENDED_TYPES, "true");
        File dir = Files.createTempDirectory("zk-it").toFile();
        InstanceSpec spec = new InstanceSpec(dir, -1, -1, -1, true, 1, 200, 0, Map.of());
        return new BothServers(arbor, new TestingServer(spec, true), before);
    }

    static Stream<String> names() {
        return Stream.of("Arbor", "ZooKeeper");
    }

    int port(String server) {
        return server.equals("Arbor") ? arbor.port() : zookeeper.getPort();
    }

    String connectString(String server) {
        return "127.0.0.1:" + port(server);
    }

    @Override
    public void close() throws Exception {
        arbor.close();
        zookeeper.close();
        if (extendedTypesBefore == null) {
            System.clearProperty(ZK_EXTENDED_TYPES);
        } else {
            System.setProperty(ZK_EXTENDED_TYPES, extendedTypesBefore);
        }
    }
}
