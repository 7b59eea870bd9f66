package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.atomic.AtomicValue;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.framework.recipes.atomic.PromotedToLock;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Curator's recipes, each with several CuratorFramework clients (several sessions) against one Arbor. */
class CuratorRecipesTest {
    /** ZooKeeper marks a container node with this ephemeralOwner. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    // a short container check interval, so that reaping containers is observable in a test
    @AutoClose
    static final ArborTestServer server = ArborTestServer.start("znode.container.checkIntervalMs=100");
    private final List<CuratorFramework> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(CuratorFramework::close);
    }

    private CuratorFramework curator() throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(server.connectString())
                .sessionTimeoutMs(4_000)
                .connectionTimeoutMs(3_000)
                .retryPolicy(new ExponentialBackoffRetry(50, 10))
                .build();
        clients.add(c);
        c.start();
        assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).as("Curator connected").isTrue();
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void interProcessMutexAdmitsOneHolderAtATime() throws Exception {
        CuratorFramework setup = curator();
        setup.create().creatingParentsIfNeeded().forPath("/mutex/counter", bytes("0"));
        int sessions = 3;
        int threadsPerSession = 2;
        int rounds = 8;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(sessions * threadsPerSession);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                CuratorFramework c = curator();
                for (int t = 0; t < threadsPerSession; t++) {
                    work.add(pool.submit(() -> {
                        InterProcessMutex mutex = new InterProcessMutex(c, "/mutex/lock");
                        for (int r = 0; r < rounds; r++) {
                            assertThat(mutex.acquire(20, TimeUnit.SECONDS)).as("acquired").isTrue();
                            try {
                                maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                                // an unprotected read-modify-write: it only adds up if the lock excludes
                                int v = Integer.parseInt(text(c.getData().forPath("/mutex/counter")));
                                c.setData().forPath("/mutex/counter", bytes(Integer.toString(v + 1)));
                                holders.decrementAndGet();
                            } finally {
                                mutex.release();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxHolders.get()).as("most concurrent holders").isEqualTo(1);
        assertThat(text(setup.getData().forPath("/mutex/counter")))
                .isEqualTo(Integer.toString(sessions * threadsPerSession * rounds));
        // the lock's parent is a container, so once empty the reaper may already have removed it
        assertThat(childrenOrNone(setup, "/mutex/lock")).as("lock nodes left").isEmpty();
    }

    private static List<String> childrenOrNone(CuratorFramework c, String path) throws Exception {
        try {
            return c.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    @Test
    void mutexHeldByASessionIsFreedWhenThatSessionCloses() throws Exception {
        CuratorFramework holder = curator();
        CuratorFramework waiter = curator();
        InterProcessMutex held = new InterProcessMutex(holder, "/mutex2/lock");
        InterProcessMutex wanted = new InterProcessMutex(waiter, "/mutex2/lock");
        assertThat(held.acquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(wanted.acquire(300, TimeUnit.MILLISECONDS)).as("acquired while another holds it").isFalse();
        holder.close(); // closeSession deletes the holder's ephemeral lock node
        assertThat(wanted.acquire(10, TimeUnit.SECONDS)).as("acquired after the holder's session closed").isTrue();
        wanted.release();
    }

    @Test
    void leaderLatchElectsExactlyOneLeaderAndMovesLeadershipWhenItCloses() throws Exception {
        List<CuratorFramework> sessions = new ArrayList<>();
        List<LeaderLatch> latches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CuratorFramework c = curator();
            sessions.add(c);
            LeaderLatch latch = new LeaderLatch(c, "/election", "p" + i);
            latches.add(latch);
            latch.start();
        }
        LeaderLatch first = awaitSingleLeader(latches);

        // the leader steps down: one of the other two takes over
        first.close();
        List<LeaderLatch> rest = new ArrayList<>(latches);
        rest.remove(first);
        LeaderLatch second = awaitSingleLeader(rest);
        assertThat(second).isNotSameAs(first);

        // the next leader's whole session goes away: the last one takes over
        sessions.get(latches.indexOf(second)).close();
        rest.remove(second);
        LeaderLatch third = awaitSingleLeader(rest);
        assertThat(third.getId()).isNotIn(first.getId(), second.getId());
        third.close();
    }

    /** Waits until exactly one latch leads and every latch names it as the leader. */
    private static LeaderLatch awaitSingleLeader(List<LeaderLatch> latches) {
        await().atMost(WAIT).untilAsserted(() -> {
            List<LeaderLatch> leaders = latches.stream().filter(LeaderLatch::hasLeadership).toList();
            assertThat(leaders).as("leaders").hasSize(1);
            for (LeaderLatch l : latches) {
                assertThat(l.getLeader().getId()).as("leader seen by " + l.getId()).isEqualTo(leaders.get(0).getId());
            }
        });
        return latches.stream().filter(LeaderLatch::hasLeadership).findFirst().orElseThrow();
    }

    @Test
    void curatorCacheSeesCreatesUpdatesAndDeletesAnywhereInTheSubtree() throws Exception {
        CuratorFramework reader = curator();
        CuratorFramework writer = curator();
        writer.create().forPath("/cache", bytes("root"));
        writer.create().forPath("/cache/pre", bytes("existing"));

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CountDownLatch initialized = new CountDownLatch(1);
        try (CuratorCache cache = CuratorCache.build(reader, "/cache")) {
            cache.listenable().addListener(CuratorCacheListener.builder()
                    .forCreates(d -> events.add("create " + d.getPath() + " " + text(d.getData())))
                    .forChanges((before, after) -> events.add("change " + after.getPath() + " "
                            + text(before.getData()) + "->" + text(after.getData())))
                    .forDeletes(d -> events.add("delete " + d.getPath()))
                    .forInitialized(initialized::countDown)
                    .build());
            cache.start();
            assertThat(initialized.await(10, TimeUnit.SECONDS)).as("initial load done").isTrue();
            List<String> initial = new ArrayList<>();
            events.drainTo(initial);
            assertThat(initial).containsExactlyInAnyOrder("create /cache root", "create /cache/pre existing");

            // one change at a time, each awaited, so the expected event is unambiguous
            writer.create().forPath("/cache/a", bytes("1"));
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("create /cache/a 1");
            writer.create().forPath("/cache/a/b", bytes("2"));
            assertThat(events.poll(10, TimeUnit.SECONDS)).as("a grandchild, seen through the recursive watch")
                    .isEqualTo("create /cache/a/b 2");
            writer.setData().forPath("/cache/a/b", bytes("3"));
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("change /cache/a/b 2->3");
            writer.setData().forPath("/cache", bytes("root2"));
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("change /cache root->root2");
            writer.delete().forPath("/cache/a/b");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("delete /cache/a/b");
            writer.delete().forPath("/cache/pre");
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("delete /cache/pre");

            assertThat(cache.stream().collect(Collectors.toMap(ChildData::getPath, d -> text(d.getData()))))
                    .containsOnly(
                            org.assertj.core.api.Assertions.entry("/cache", "root2"),
                            org.assertj.core.api.Assertions.entry("/cache/a", "1"));
        }
    }

    @Test
    void distributedAtomicLongAddsUpConcurrentIncrements() throws Exception {
        int sessions = 3;
        int threadsPerSession = 2;
        int increments = 15;
        int total = sessions * threadsPerSession * increments;
        Set<Long> results = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(sessions * threadsPerSession);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                CuratorFramework c = curator();
                for (int t = 0; t < threadsPerSession; t++) {
                    work.add(pool.submit(() -> {
                        // optimistic setData(version) first; after a few conflicts, under a mutex
                        DistributedAtomicLong counter = new DistributedAtomicLong(c, "/atomic/counter",
                                new RetryNTimes(10, 5),
                                PromotedToLock.builder().lockPath("/atomic/lock").timeout(20, TimeUnit.SECONDS)
                                        .retryPolicy(new RetryNTimes(20, 20)).build());
                        for (int i = 0; i < increments; i++) {
                            AtomicValue<Long> v = counter.increment();
                            assertThat(v.succeeded()).as("increment succeeded").isTrue();
                            assertThat(v.postValue()).isEqualTo(v.preValue() + 1);
                            assertThat(results.add(v.postValue())).as("value %d given twice", v.postValue())
                                    .isTrue();
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        DistributedAtomicLong check = new DistributedAtomicLong(curator(), "/atomic/counter", new RetryNTimes(3, 10));
        assertThat(check.get().postValue()).isEqualTo(total);
        assertThat(results).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    }

    @Test
    void persistentNodeRecreatesItsEphemeralAfterTheSessionExpires() throws Exception {
        CuratorFramework owner = curator();
        CuratorFramework observer = curator();
        observer.create().forPath("/members");
        BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
        owner.getConnectionStateListenable().addListener((c, state) -> states.add(state));

        try (PersistentNode node = new PersistentNode(owner, CreateMode.EPHEMERAL, false, "/members/m1",
                bytes("alive"))) {
            node.start();
            assertThat(node.waitForInitialCreate(10, TimeUnit.SECONDS)).as("initial create").isTrue();
            long firstSession = owner.getZookeeperClient().getZooKeeper().getSessionId();
            assertThat(observer.checkExists().forPath("/members/m1").getEphemeralOwner()).isEqualTo(firstSession);

            SessionKiller.expire(owner.getZookeeperClient().getZooKeeper(), server.connectString());
            await().atMost(WAIT).until(() -> states.contains(ConnectionState.LOST));

            await().atMost(WAIT).untilAsserted(() -> {
                Stat stat = observer.checkExists().forPath("/members/m1");
                assertThat(stat).as("the ephemeral, re-created").isNotNull();
                assertThat(stat.getEphemeralOwner()).as("owner session")
                        .isNotEqualTo(firstSession)
                        .isEqualTo(owner.getZookeeperClient().getZooKeeper().getSessionId());
            });
            assertThat(text(observer.getData().forPath("/members/m1"))).isEqualTo("alive");
        }
        await().atMost(WAIT).until(() -> observer.checkExists().forPath("/members/m1") == null);
    }

    @Test
    void creatingParentContainersIfNeededMakesContainersThatAreReapedWhenEmptied() throws Exception {
        CuratorFramework c = curator();
        c.create().creatingParentContainersIfNeeded().forPath("/ctr/a/b/leaf", bytes("x"));
        // Clients see ephemeralOwner 0 for containers, as with ZooKeeper; the server knows them as containers.
        for (String parent : List.of("/ctr", "/ctr/a", "/ctr/a/b")) {
            assertThat(c.checkExists().forPath(parent).getEphemeralOwner()).as(parent).isZero();
        }
        assertThat(server.server().context().tree().containers())
                .contains("/ctr", "/ctr/a", "/ctr/a/b");
        Stat leaf = c.checkExists().forPath("/ctr/a/b/leaf");
        assertThat(leaf.getEphemeralOwner()).as("the leaf is persistent").isZero();
        assertThat(text(c.getData().forPath("/ctr/a/b/leaf"))).isEqualTo("x");

        // an existing container parent is reused, not an error
        c.create().creatingParentContainersIfNeeded().forPath("/ctr/a/b/leaf2");
        assertThat(c.getChildren().forPath("/ctr/a/b")).containsExactlyInAnyOrder("leaf", "leaf2");

        c.delete().forPath("/ctr/a/b/leaf");
        c.delete().forPath("/ctr/a/b/leaf2");
        // emptied containers go, bottom-up, each once its own child is gone
        await().atMost(WAIT).until(() -> c.checkExists().forPath("/ctr") == null);
    }
}
