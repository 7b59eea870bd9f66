package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Stock clients writing through the async API, each keeping a window of writes in flight, until stopped: plain
 * creates, sequential creates and setData with the expected version on the counters the client owns. Every
 * write goes into the {@link WriteLedger} before it is sent, and again when its callback reports success.
 */
final class AsyncWriters {
    private final List<Writer> writers = new ArrayList<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;

    /** The counter a client owns: each client changes only its own, so its expected versions are exact. */
    static String counter(int client, int k) {
        return WriteLedger.COUNTERS + "/c" + client + "-" + k;
    }

    static final int COUNTERS_PER_CLIENT = 2;

    /**
     * @param counterVersions each counter's version now, where this round's setData calls start
     */
    static AsyncWriters start(String connectString, int clients, int inFlight, int round, long seed,
            WriteLedger ledger, Map<String, Integer> counterVersions) {
        AsyncWriters w = new AsyncWriters();
        for (int c = 0; c < clients; c++) {
            ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, connectString, 10_000, e -> { });
            int[] versions = new int[COUNTERS_PER_CLIENT];
            for (int k = 0; k < versions.length; k++) {
                versions[k] = counterVersions.get(counter(c, k));
            }
            Writer writer = w.new Writer(zk, c, round, new Random(seed * 31 + round * 1_000_003L + c), inFlight,
                    ledger, versions);
            w.writers.add(writer);
        }
        w.writers.forEach(Thread::start);
        return w;
    }

    /**
     * Stops sending, waits until every sent write has had its callback (after a kill they all fail with
     * ConnectionLoss) and closes the clients.
     *
     * @return the failures that were not a connection loss (none are expected)
     */
    List<String> stop() throws Exception {
        stopped = true;
        for (Writer w : writers) {
            w.join(30_000);
            assertThat(w.isAlive()).as(w.getName() + " stopped").isFalse();
            assertThat(w.window.tryAcquire(w.inFlight, 30, TimeUnit.SECONDS))
                    .as(w.getName() + ": every write sent has had its callback").isTrue();
        }
        // together: a client closing without a server waits out a reconnect attempt of up to a second
        CompletableFuture.allOf(writers.stream().map(w -> CompletableFuture.runAsync(() -> {
            try {
                w.zk.close(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return List.copyOf(unexpected);
    }

    private final class Writer extends Thread {
        final ZooKeeper zk;
        final int client;
        final int round;
        final Random rnd;
        final int inFlight;
        final Semaphore window;
        final WriteLedger ledger;
        final int[] versions;
        int n;

        Writer(ZooKeeper zk, int client, int round, Random rnd, int inFlight, WriteLedger ledger, int[] versions) {
            super("crash-writer-" + client);
            this.zk = zk;
            this.client = client;
            this.round = round;
            this.rnd = rnd;
            this.inFlight = inFlight;
            this.window = new Semaphore(inFlight);
            this.ledger = ledger;
            this.versions = versions;
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    if (window.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                        sendOne();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void sendOne() {
            String name = "r" + round + "-c" + client + "-" + n++;
            int op = rnd.nextInt(10);
            if (op < 4) {
                String path = WriteLedger.NODES + "/" + name;
                byte[] data = new byte[name.length() + rnd.nextInt(600)];
                rnd.nextBytes(data);
                System.arraycopy(name.getBytes(StandardCharsets.UTF_8), 0, data, 0, name.length());
                ledger.attemptCreate(path, data);
                zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, created) -> {
                    if (ok(rc, "create " + p)) {
                        ledger.ackCreate(p);
                    }
                    window.release();
                }, null);
            } else if (op < 6) {
                ledger.attemptSequential(name);
                zk.create(WriteLedger.SEQ + "/s-", name.getBytes(StandardCharsets.UTF_8),
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL, (rc, p, ctx, created) -> {
                            if (ok(rc, "sequential create " + name)) {
                                ledger.ackSequential(created, name);
                            }
                            window.release();
                        }, null);
            } else {
                int k = rnd.nextInt(COUNTERS_PER_CLIENT);
                String path = counter(client, k);
                int expected = versions[k]++;
                ledger.attemptSetData(path, expected + 1);
                zk.setData(path, WriteLedger.counterData(expected + 1), expected, (rc, p, ctx, stat) -> {
                    if (ok(rc, "setData " + p + " at version " + expected)) {
                        if (stat.getVersion() != expected + 1) {
                            unexpected.add("setData " + p + " at version " + expected + " gave version "
                                    + stat.getVersion());
                        }
                        ledger.ackSetData(p, stat.getVersion());
                    }
                    window.release();
                }, null);
            }
        }

        /** Success; a connection loss (the kill) is expected, any other failure is noted. */
        private boolean ok(int rc, String what) {
            if (rc == Code.OK.intValue()) {
                return true;
            }
            if (rc != Code.CONNECTIONLOSS.intValue()) {
                unexpected.add(what + ": " + Code.get(rc));
            }
            return false;
        }
    }
}
