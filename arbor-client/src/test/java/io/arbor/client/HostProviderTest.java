package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostProviderTest {
    private static final List<InetSocketAddress> HOSTS = List.of(
            InetSocketAddress.createUnresolved("a", 1), InetSocketAddress.createUnresolved("b", 2),
            InetSocketAddress.createUnresolved("c", 3), InetSocketAddress.createUnresolved("d", 4));

    @Test
    void ringIsAShuffleDeterminedBySeed() {
        HostProvider one = new HostProvider(HOSTS, new Random(7), a -> a);
        HostProvider two = new HostProvider(HOSTS, new Random(7), a -> a);
        assertThat(one.ring()).containsExactlyInAnyOrderElementsOf(HOSTS).isEqualTo(two.ring());
        Set<List<InetSocketAddress>> orders = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            orders.add(new HostProvider(HOSTS, new Random(seed), a -> a).ring());
        }
        assertThat(orders).as("different seeds give different orders").hasSizeGreaterThan(1);
    }

    @Test
    void everyHostOncePerPassAndFullPassReported() {
        HostProvider hosts = new HostProvider(HOSTS, new Random(1), a -> a);
        List<InetSocketAddress> firstPass = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HostProvider.Attempt a = hosts.next();
            assertThat(a.afterFullPass()).isFalse();
            firstPass.add(a.address());
        }
        assertThat(firstPass).isEqualTo(hosts.ring());
        HostProvider.Attempt fifth = hosts.next();
        assertThat(fifth.afterFullPass()).isTrue();
        assertThat(fifth.address()).isEqualTo(firstPass.get(0));
        for (int i = 1; i < 4; i++) {
            assertThat(hosts.next().afterFullPass()).isFalse();
        }
        assertThat(hosts.next().afterFullPass()).isTrue();
    }

    @Test
    void namesAreResolvedWhenTriedOnEveryPass() {
        List<String> lookups = new ArrayList<>();
        HostProvider hosts = new HostProvider(HOSTS, new Random(1), a -> {
            lookups.add(a.getHostString());
            assertThat(a.isUnresolved()).as("the ring keeps names").isTrue();
            return new InetSocketAddress("127.0.0.1", a.getPort());
        });
        assertThat(lookups).isEmpty();
        HostProvider.Attempt first = hosts.next();
        assertThat(first.address().isUnresolved()).isFalse();
        for (int i = 0; i < 7; i++) {
            hosts.next();
        }
        assertThat(lookups).hasSize(8);
        assertThat(new HashSet<>(lookups)).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void singleHostCompletesAPassOnEveryRetry() {
        HostProvider hosts = new HostProvider(List.of(HOSTS.get(0)), new Random(1), a -> a);
        assertThat(hosts.next().afterFullPass()).isFalse();
        assertThat(hosts.next().afterFullPass()).isTrue();
        assertThat(hosts.next().afterFullPass()).isTrue();
    }

    @Test
    void realResolverResolvesLoopback() {
        HostProvider hosts = new HostProvider(List.of(InetSocketAddress.createUnresolved("localhost", 9)), new Random(1));
        assertThat(hosts.next().address().isUnresolved()).isFalse();
    }
}
