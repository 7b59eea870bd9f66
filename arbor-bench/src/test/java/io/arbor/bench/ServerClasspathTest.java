package io.arbor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Each server is started with its own jars only, picked out of the bench's class path. */
class ServerClasspathTest {
    @Test
    void artifactNamesOfJarsAndModuleDirectories() {
        assertThat(ServerClasspath.artifactName(Path.of("/x/lib/zookeeper-3.9.5.jar"))).isEqualTo("zookeeper-3.9.5");
        assertThat(ServerClasspath.artifactName(Path.of("/r/arbor-cli/target/classes"))).isEqualTo("arbor-cli");
    }

    @Test
    void eachServerNeedsItsOwnJars() {
        assertThat(ServerKind.ZOOKEEPER.needs("zookeeper-3.9.5")).isTrue();
        assertThat(ServerKind.ZOOKEEPER.needs("zookeeper-jute-3.9.5")).isTrue();
        assertThat(ServerKind.ZOOKEEPER.needs("metrics-core-4.1.12.1")).isTrue();
        assertThat(ServerKind.ZOOKEEPER.needs("snappy-java-1.1.10.5")).isTrue();
        assertThat(ServerKind.ZOOKEEPER.needs("arbor-server-0.1.0-SNAPSHOT")).isFalse();
        assertThat(ServerKind.ARBOR.needs("arbor-cli-0.1.0-SNAPSHOT")).isTrue();
        assertThat(ServerKind.ARBOR.needs("arbor-cli")).isTrue();
        assertThat(ServerKind.ARBOR.needs("netty-transport-native-epoll-4.2.18.Final-linux-x86_64")).isTrue();
        assertThat(ServerKind.ARBOR.needs("zookeeper-3.9.5")).isFalse();
        assertThat(ServerKind.ARBOR.needs("metrics-core-4.1.12.1")).isFalse();
        // Arbor's own dependencies come along without being listed (Micrometer needs HdrHistogram)
        assertThat(ServerKind.ARBOR.needs("micrometer-core-1.17.2")).isTrue();
        assertThat(ServerKind.ARBOR.needs("HdrHistogram-2.2.2")).isTrue();
    }

    @Test
    void theTestClasspathHoldsBothServers() {
        assertThat(ServerClasspath.of(ServerKind.ZOOKEEPER)).contains("zookeeper-3.9.5.jar")
                .doesNotContain("arbor-server");
        assertThat(ServerClasspath.of(ServerKind.ARBOR)).contains("arbor-server").doesNotContain("zookeeper-3.9.5");
    }
}
