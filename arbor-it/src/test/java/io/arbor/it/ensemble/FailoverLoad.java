package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.it.ConnectedClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Clients that keep writing through failures, each with the stock client on the whole ensemble's connect
 * string: sequential creates whose data names the attempt, and setData on a counter of its own with the
 * version it expects. It records what was attempted and what was acknowledged, and every session event, so a
 * test can check that no acknowledged write was lost and no session expired.
 */
final class FailoverLoad implements AutoCloseable {
    static final String ROOT = "/failover";

    private final List<Writer> writers = new ArrayList<>();
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    /** Path the server gave an acknowledged create -> its data. */
    private final Map<String, String> acked = new ConcurrentHashMap<>();
    private final List<String> expired = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicLong ackCount = new AtomicLong();
    private volatile boolean stopped;

    static FailoverLoad start(String connectString, int clients, int sessionTimeoutMs) throws Exception {
        FailoverLoad load = new FailoverLoad();
        for (int c = 0; c < clients; c++) {
            int client = c;
            ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, connectString, sessionTimeoutMs, e -> {
                if (e.getState() == Watcher.Event.KeeperState.Expired) {
                    load.expired.add("client " + client);
                }
            });
            if (c == 0) {
                try {
                    zk.create(ROOT, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                } catch (KeeperException.NodeExistsException e) {
                    // a second round
                }
            }
            load.writers.add(load.new Writer(zk, client));
        }
        load.writers.forEach(Thread::start);
        return load;
    }

    long acknowledged() {
        return ackCount.get();
    }

    List<String> expiredSessions() {
        return expired;
    }

    List<String> unexpectedErrors() {
        return unexpected;
    }

    List<Long> sessionIds() {
        return writers.stream().map(w -> w.zk.getSessionId()).toList();
    }

    /** Stops writing; the sessions stay open until {@link #close}. */
    void stop() throws InterruptedException {
        stopped = true;
        for (Writer w : writers) {
            w.join(60_000);
            assertThat(w.isAlive()).as(w.getName() + " stopped").isFalse();
        }
    }

    /** Every acknowledged write is on the server {@code zk} is connected to; nothing there was never attempted. */
    void verify(ZooKeeper zk) throws Exception {
        Map<String, String> found = new HashMap<>();
        for (String child : zk.getChildren(ROOT, false)) {
            if (child.startsWith("n-")) {
                String data = new String(zk.getData(ROOT + "/" + child, false, null), StandardCharsets.UTF_8);
                assertThat(attempted).as("node " + child + " comes from an attempt").contains(data);
                found.put(ROOT + "/" + child, data);
            }
        }
        assertThat(new HashMap<>(found).values()).as("one node per attempt").doesNotHaveDuplicates();
        for (Map.Entry<String, String> a : acked.entrySet()) {
            assertThat(found).as("acknowledged create " + a.getKey()).containsEntry(a.getKey(), a.getValue());
        }
        for (Writer w : writers) {
            byte[] data = zk.getData(w.counter, false, null);
            int version = zk.exists(w.counter, false).getVersion();
            assertThat(version).as(w.counter + " version").isGreaterThanOrEqualTo(w.ackedVersion)
                    .isLessThanOrEqualTo(w.attemptedVersion);
            assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo("v" + version);
        }
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        for (Writer w : writers) {
            w.join(60_000);
            w.zk.close(2_000);
        }
    }

    private final class Writer extends Thread {
        final ZooKeeper zk;
        final String counter;
        int ackedVersion;
        int attemptedVersion;
        private int next;

        Writer(ZooKeeper zk, int client) {
            super("failover-writer-" + client);
            this.zk = zk;
            this.counter = ROOT + "/counter-" + client;
        }

        @Override
        public void run() {
            int known = -1; // the counter's version as last read; -1: read it again
            boolean lostOne = false; // a write's answer was lost since the last read: a stale read may follow
            while (!stopped) {
                try {
                    if (known < 0) {
                        known = readCounter();
                    }
                    String data = getName() + "-" + next++;
                    attempted.add(data);
                    String path = zk.create(ROOT + "/n-", data.getBytes(StandardCharsets.UTF_8),
                            ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
                    acked.put(path, data);
                    ackCount.incrementAndGet();
                    attemptedVersion = Math.max(attemptedVersion, known + 1);
                    int v = zk.setData(counter, ("v" + (known + 1)).getBytes(StandardCharsets.UTF_8), known)
                            .getVersion();
                    if (v != known + 1) {
                        unexpected.add(counter + " went to version " + v + ", not " + (known + 1));
                    }
                    ackedVersion = Math.max(ackedVersion, v);
                    known = v;
                    lostOne = false;
                    ackCount.incrementAndGet();
                } catch (KeeperException.ConnectionLossException | KeeperException.SessionMovedException e) {
                    known = -1; // the write may or may not have happened: read the version again
                    lostOne = true;
                } catch (KeeperException.BadVersionException e) {
                    // after a lost answer the new server may not have applied that write yet when it was read
                    if (!lostOne) {
                        unexpected.add(counter + ": bad version " + known + " right after reading it");
                    }
                    known = -1;
                } catch (KeeperException e) {
                    unexpected.add(e.toString());
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private int readCounter() throws KeeperException, InterruptedException {
            try {
                zk.create(counter, "v0".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // made before, by this writer (perhaps in an attempt whose answer was lost)
            }
            return zk.exists(counter, false).getVersion();
        }
    }
}
