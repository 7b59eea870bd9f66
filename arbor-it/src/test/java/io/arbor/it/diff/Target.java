package io.arbor.it.diff;

import io.arbor.it.ConnectedClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.admin.ZooKeeperAdmin;

/**
 * One server of a comparison, reached through stock clients: the sessions a script drives (slots 1, 2...),
 * and the normaliser that names what those sessions see. A slot's session can be closed and replaced by a
 * new one mid-script.
 */
final class Target implements AutoCloseable {
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private final String name;
    private final String connectString;
    private final Normaliser normaliser = new Normaliser();
    private final List<ZooKeeper> slots = new ArrayList<>();
    private final List<ZooKeeper> opened = new ArrayList<>();

    Target(String name, String connectString, int sessions) {
        this.name = name;
        this.connectString = connectString;
        for (int i = 0; i < sessions; i++) {
            slots.add(open());
        }
    }

    String name() {
        return name;
    }

    Normaliser normaliser() {
        return normaliser;
    }

    /** The client of a slot, counted from 1. */
    ZooKeeper client(int slot) {
        return slots.get(slot - 1);
    }

    /** Closes the slot's session (its ephemerals go) and puts a new session in its place. */
    void replace(int slot) throws InterruptedException {
        slots.get(slot - 1).close();
        slots.set(slot - 1, open());
    }

    /** An admin client (for reconfig) on a session of its own, named like the others. */
    ZooKeeperAdmin admin() {
        try {
            ZooKeeperAdmin admin = new ZooKeeperAdmin(connectString, SESSION_TIMEOUT_MS, e -> { });
            opened.add(admin);
            return admin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ZooKeeper open() {
        ZooKeeper zk = connect(connectString);
        opened.add(zk);
        normaliser.session(zk.getSessionId());
        return zk;
    }

    /** A stock client (that can also send unvalidated requests), connected before it is returned. */
    static ZooKeeperWithUnvalidatedRequests connect(String connectString) {
        return ConnectedClient.open(ZooKeeperWithUnvalidatedRequests::new, connectString, SESSION_TIMEOUT_MS, e -> { });
    }

    @Override
    public void close() throws InterruptedException {
        for (ZooKeeper zk : opened) {
            zk.close();
        }
    }
}
