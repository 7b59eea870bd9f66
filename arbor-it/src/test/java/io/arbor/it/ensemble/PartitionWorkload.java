package io.arbor.it.ensemble;

import io.arbor.it.ConnectedClient;
import io.arbor.it.ensemble.PartitionHistory.Call;
import io.arbor.it.ensemble.PartitionHistory.Kind;
import io.arbor.it.ensemble.PartitionHistory.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Clients with the stock ZooKeeper client on the whole ensemble's connect string, each making small seeded
 * batches of asynchronous calls, pipelined (all sent, then all answers awaited) or one at a time: setData on a
 * few registers with the version it last saw, getData (sometimes right behind a sync), sequential creates under
 * one parent, and stats of that parent. Every call and answer goes to a {@link PartitionHistory}. A client whose
 * session expired opens a new one.
 */
final class PartitionWorkload implements AutoCloseable {
    static final String ROOT = "/partition";
    static final String SEQUENTIAL_PARENT = ROOT + "/seq";
    static final String SEQUENTIAL_PREFIX = SEQUENTIAL_PARENT + "/q-";
    static final String INITIAL_VALUE = "initial";
    /** How long a batch may wait for its answers: the stock client answers every call within a session timeout. */
    private static final long ANSWER_BOUND_MS = 30_000;

    private final String connectString;
    private final int sessionTimeoutMs;
    private final long seed;
    private final List<String> registers = new ArrayList<>();
    private final PartitionHistory history;
    private final List<Client> clients = new ArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> expired = new CopyOnWriteArrayList<>();
    private final long batchIntervalNanos;
    private final boolean pipelined;
    private volatile boolean stopped;

    PartitionWorkload(String connectString, int sessionTimeoutMs, long seed, int registerCount,
            PartitionHistory history, int batchesPerSecondPerClient, boolean pipelined) {
        this.connectString = connectString;
        this.pipelined = pipelined;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.seed = seed;
        this.history = history;
        this.batchIntervalNanos = TimeUnit.SECONDS.toNanos(1) / batchesPerSecondPerClient;
        for (int i = 0; i < registerCount; i++) {
            registers.add(ROOT + "/r" + i);
        }
    }

    /** Makes the registers (version 0, {@link #INITIAL_VALUE}) and the sequential parent; their initial states. */
    Map<String, RegisterModel.State> createNodes(ZooKeeper zk) throws KeeperException, InterruptedException {
        zk.create(ROOT, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create(SEQUENTIAL_PARENT, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Map<String, RegisterModel.State> initial = new LinkedHashMap<>();
        for (String r : registers) {
            zk.create(r, utf8(INITIAL_VALUE), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            initial.put(r, new RegisterModel.State(0, INITIAL_VALUE));
        }
        return initial;
    }

    List<String> registers() {
        return registers;
    }

    void start(int clientCount) {
        for (int c = 0; c < clientCount; c++) {
            Client client = new Client(c);
            clients.add(client);
            client.start();
        }
    }

    /** Stops calling and waits for the clients' last batches. */
    void stop() throws InterruptedException {
        stopped = true;
        for (Client c : clients) {
            c.join(ANSWER_BOUND_MS + 10_000);
            if (c.isAlive()) {
                problems.add(c.getName() + " did not stop");
            }
        }
    }

    /** Calls that got an error no partition explains (anything but connection loss, session expiry...). */
    List<String> problems() {
        return problems;
    }

    /** Sessions that expired, with when. */
    List<String> expiredSessions() {
        return expired;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Client c : clients) {
            c.join(ANSWER_BOUND_MS + 10_000);
            c.closeSession();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Errors after which the call may or may not have taken effect. */
    private static boolean indeterminate(Code code) {
        return code == Code.CONNECTIONLOSS || code == Code.SESSIONEXPIRED || code == Code.OPERATIONTIMEOUT
                || code == Code.SESSIONMOVED || code == Code.REQUESTTIMEOUT;
    }

    private final class Client extends Thread {
        private final int id;
        private final Random random;
        /** The version of each register this client last saw; -1: read it first. */
        private final Map<String, Integer> known = new LinkedHashMap<>();
        private volatile ZooKeeper zk;
        private volatile boolean sessionExpired;
        private long sessionOrder;
        private int written;

        Client(int id) {
            super("partition-client-" + id);
            this.id = id;
            this.random = new Random(seed * 1_000_003L + id);
            for (String r : registers) {
                known.put(r, -1);
            }
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (!stopped) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing, so the machine keeps up
                }
                next += batchIntervalNanos;
                try {
                    if (zk == null || sessionExpired) {
                        openSession();
                        continue;
                    }
                    runBatch();
                } catch (IllegalStateException e) {
                    // no server took the session within 10 s (all cut off): try again
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void openSession() {
            closeSession();
            sessionExpired = false;
            sessionOrder = 0;
            ZooKeeper[] handle = new ZooKeeper[1];
            handle[0] = ConnectedClient.open(ZooKeeper::new, connectString, sessionTimeoutMs, e -> {
                if (e.getState() == Watcher.Event.KeeperState.Expired && handle[0] == zk) {
                    expired.add(getName() + " session 0x" + Long.toHexString(zk.getSessionId()) + " at "
                            + System.nanoTime());
                    sessionExpired = true;
                }
            });
            zk = handle[0];
            known.replaceAll((r, v) -> -1);
        }

        void closeSession() {
            ZooKeeper z = zk;
            if (z != null) {
                try {
                    z.close(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** What a batch's answers tell about the registers, applied in call order once all have come. */
        private final class Batch {
            final List<Call> calls = new ArrayList<>();
            final Map<Integer, Result> results = new java.util.concurrent.ConcurrentHashMap<>();
            final Semaphore answers = new Semaphore(0);
            int awaited;

            void done(Call call, Result result) {
                history.complete(call, result);
                results.put(call.index(), result);
                answers.release();
            }

            /** Waits for the answers to every call made so far. */
            boolean awaitAnswers() throws InterruptedException {
                int due = calls.size() - awaited;
                awaited = calls.size();
                return answers.tryAcquire(due, ANSWER_BOUND_MS, TimeUnit.MILLISECONDS);
            }
        }

        private void runBatch() throws InterruptedException {
            ZooKeeper z = zk;
            long session = z.getSessionId();
            List<String> stale = known.entrySet().stream().filter(e -> e.getValue() < 0).map(Map.Entry::getKey)
                    .toList();
            // plan: a read of a register whose version is unknown first, then 1..4 random calls
            List<Runnable> plan = new ArrayList<>();
            List<Kind> kinds = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            if (!stale.isEmpty()) {
                kinds.add(Kind.GET);
                paths.add(stale.get(random.nextInt(stale.size())));
            }
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                int roll = random.nextInt(100);
                String register = registers.get(random.nextInt(registers.size()));
                if (roll < 35) {
                    kinds.add(Kind.SET);
                    paths.add(register);
                } else if (roll < 55) {
                    kinds.add(Kind.GET);
                    paths.add(register);
                } else if (roll < 70) {
                    kinds.add(Kind.SYNC);
                    paths.add(register);
                    kinds.add(Kind.GET);
                    paths.add(register);
                } else if (roll < 93) {
                    kinds.add(Kind.CREATE);
                    paths.add(SEQUENTIAL_PREFIX);
                } else {
                    kinds.add(Kind.PARENT_STAT);
                    paths.add(SEQUENTIAL_PARENT);
                }
            }
            Batch batch = new Batch();
            Map<String, Integer> expect = new LinkedHashMap<>(known); // a second setData expects the first's
            int lastSync = -1;
            for (int i = 0; i < kinds.size(); i++) {
                Kind kind = kinds.get(i);
                String path = paths.get(i);
                long order = sessionOrder++;
                switch (kind) {
                    case SET -> {
                        int expected = expect.get(path);
                        if (expected < 0) {
                            sessionOrder--;
                            continue;
                        }
                        String value = "c" + id + "-" + written++;
                        Call call = history.invoke(id, session, order, kind, path, expected, value, -1);
                        batch.calls.add(call);
                        expect.put(path, expected + 1);
                        z.setData(path, utf8(value), expected, (AsyncCallback.StatCallback) (rc, p, ctx, stat) -> {
                            Code code = Code.get(rc);
                            batch.done(call, code == Code.OK ? Result.ok(stat.getVersion(), null, stat.getMzxid())
                                    : failure(call, code, Code.BADVERSION));
                        }, null);
                    }
                    case GET -> {
                        Call call = history.invoke(id, session, order, kind, path, -1, null, lastSync);
                        batch.calls.add(call);
                        z.getData(path, false, (AsyncCallback.DataCallback) (rc, p, ctx, data, stat) -> {
                            Code code = Code.get(rc);
                            batch.done(call, code == Code.OK
                                    ? Result.ok(stat.getVersion(), new String(data, StandardCharsets.UTF_8),
                                            stat.getMzxid())
                                    : failure(call, code, null));
                        }, null);
                        lastSync = -1;
                    }
                    case SYNC -> {
                        Call call = history.invoke(id, session, order, kind, path, -1, null, -1);
                        batch.calls.add(call);
                        lastSync = call.index();
                        z.sync(path, (rc, p, ctx) -> {
                            Code code = Code.get(rc);
                            batch.done(call, code == Code.OK ? Result.ok(-1, null, -1) : failure(call, code, null));
                        }, null);
                    }
                    case CREATE -> {
                        String value = "c" + id + "-" + written++;
                        Call call = history.invoke(id, session, order, kind, path, -1, value, -1);
                        batch.calls.add(call);
                        z.create(path, utf8(value), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                                (AsyncCallback.Create2Callback) (rc, p, ctx, name, stat) -> {
                                    Code code = Code.get(rc);
                                    batch.done(call, code == Code.OK ? Result.created(name, stat.getCzxid())
                                            : failure(call, code, null));
                                }, null);
                    }
                    case PARENT_STAT -> {
                        Call call = history.invoke(id, session, order, kind, path, -1, null, -1);
                        batch.calls.add(call);
                        z.exists(path, false, (AsyncCallback.StatCallback) (rc, p, ctx, stat) -> {
                            Code code = Code.get(rc);
                            batch.done(call, code == Code.OK ? Result.parent(stat.getPzxid(), stat.getCversion())
                                    : failure(call, code, null));
                        }, null);
                    }
                    default -> throw new IllegalStateException(kind.toString());
                }
                if (!pipelined && !batch.awaitAnswers()) {
                    noAnswer(session);
                    return;
                }
            }
            if (!batch.awaitAnswers()) {
                noAnswer(session);
                return;
            }
            learn(batch);
        }

        private void noAnswer(long session) {
            problems.add(getName() + ": no answer within " + ANSWER_BOUND_MS + " ms in session 0x"
                    + Long.toHexString(session));
            known.replaceAll((r, v) -> -1);
        }

        private Result failure(Call call, Code code, Code definite) {
            if (code == definite) {
                return Result.fail(code.name());
            }
            if (indeterminate(code)) {
                return Result.info(code.name());
            }
            problems.add(getName() + ": unexpected " + code + " for " + call);
            return Result.fail(code.name());
        }

        /** Updates the versions this client knows from a batch's answers, in call order. */
        private void learn(Batch batch) {
            for (Call call : batch.calls) {
                Result r = batch.results.get(call.index());
                if (call.kind() == Kind.SET || call.kind() == Kind.GET) {
                    known.put(call.path(), r.outcome() == PartitionHistory.Outcome.OK ? r.version() : -1);
                }
            }
        }
    }
}
