package io.arbor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @AutoClose
    static final ArborTestServer server = ArborTestServer.start();

    @Test
    void basicCrud() throws Exception {
        try (ZooKeeper zk = server.client()) {
            String p = zk.create("/smoke", "hello".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
            assertThat(p).isEqualTo("/smoke");
            Stat stat = new Stat();
            assertThat(new String(zk.getData("/smoke", false, stat), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(stat.getVersion()).isZero();
            Stat after = zk.setData("/smoke", "x".getBytes(StandardCharsets.UTF_8), 0);
            assertThat(after.getVersion()).isEqualTo(1);
            assertThatThrownBy(() -> zk.setData("/smoke", new byte[0], 0))
                    .isInstanceOf(KeeperException.BadVersionException.class);
            String seq = zk.create("/smoke/s-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL_SEQUENTIAL);
            assertThat(seq).isEqualTo("/smoke/s-0000000000");
            List<String> children = zk.getChildren("/smoke", false);
            assertThat(children).containsExactly("s-0000000000");
            assertThatThrownBy(() -> zk.delete("/smoke", -1)).isInstanceOf(KeeperException.NotEmptyException.class);
            zk.delete(seq, -1);
            zk.delete("/smoke", -1);
            assertThat(zk.exists("/smoke", false)).isNull();
        }
    }
}
