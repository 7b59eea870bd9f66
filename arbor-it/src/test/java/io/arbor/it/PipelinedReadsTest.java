package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * A session's reads pipelined between its writes see exactly the writes sent before them, none after, and
 * every answer comes in the order sent: what ZooKeeper guarantees per session, with the writes no longer held
 * back behind a waiting read.
 */
public class PipelinedReadsTest {
    /** setData then getData, 500 times without waiting: each read sees its own preceding write. */
    public static void eachReadSeesTheWritesBeforeItAndNoneAfter(ZooKeeper zk) throws Exception {
        zk.create("/pipe", "-1".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        int n = 500;
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2 * n);
        for (int i = 0; i < n; i++) {
            int k = i;
            zk.setData("/pipe", String.valueOf(i).getBytes(StandardCharsets.UTF_8), -1, (rc, path, ctx, stat) -> {
                events.add("set" + k + "@" + (stat == null ? rc : stat.getVersion()));
                done.countDown();
            }, null);
            zk.getData("/pipe", false, (rc, path, ctx, data, stat) -> {
                events.add("get" + k + "=" + new String(data, StandardCharsets.UTF_8) + "@" + stat.getVersion());
                done.countDown();
            }, null);
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add("set" + i + "@" + (i + 1));
            expected.add("get" + i + "=" + i + "@" + (i + 1));
        }
        assertThat(events).isEqualTo(expected);
    }

    @Test
    void onAStandaloneServer() throws Exception {
        try (ArborTestServer server = ArborTestServer.start();
                ZooKeeper zk = ConnectedClient.open(ZooKeeper::new, server.connectString(), 10_000, e -> { })) {
            eachReadSeesTheWritesBeforeItAndNoneAfter(zk);
        }
    }
}
