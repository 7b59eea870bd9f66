package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ZonePreferenceTest {
    private static final Map<String, String> ZONES = Map.of("a1", "east", "a2", "east", "b1", "west", "b2", "west",
            "c1", "north");
    private static final ZonePreference EAST = new ZonePreference("east", h -> ZONES.get(h.getHostString()));

    private static List<InetSocketAddress> hosts(String... names) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String n : names) {
            out.add(InetSocketAddress.createUnresolved(n, 2181));
        }
        return out;
    }

    private static List<String> names(List<InetSocketAddress> ring) {
        return ring.stream().map(InetSocketAddress::getHostString).toList();
    }

    @Test
    void ownZoneFirstThenTheOthersAsFallbacks() {
        for (int seed = 0; seed < 20; seed++) {
            HostProvider hosts = new HostProvider(hosts("b1", "a1", "c1", "b2", "a2", "x9"), new Random(seed),
                    a -> a, EAST);
            List<String> ring = names(hosts.ring());
            assertThat(ring.subList(0, 2)).containsExactlyInAnyOrder("a1", "a2");
            assertThat(ring.subList(2, 6)).containsExactlyInAnyOrder("b1", "b2", "c1", "x9");
            assertThat(hosts.next().address().getHostString()).startsWith("a");
        }
    }

    @Test
    void hostsWithinEachPartAreStillShuffled() {
        Set<List<String>> orders = new HashSet<>();
        Random random = new Random(11); // one generator: the first draws of neighbouring seeds are alike
        for (int i = 0; i < 30; i++) {
            orders.add(names(new HostProvider(hosts("a1", "a2", "b1", "b2"), random, a -> a, EAST).ring()));
        }
        assertThat(orders.stream().map(o -> o.subList(0, 2)).distinct()).hasSize(2);
        assertThat(orders.stream().map(o -> o.subList(2, 4)).distinct()).hasSize(2);
    }

    @Test
    void noHostOfTheZoneLeavesThePlainShuffle() {
        ZonePreference south = new ZonePreference("south", h -> ZONES.get(h.getHostString()));
        HostProvider plain = new HostProvider(hosts("a1", "b1", "c1"), new Random(5), a -> a);
        HostProvider preferring = new HostProvider(hosts("a1", "b1", "c1"), new Random(5), a -> a, south);
        assertThat(preferring.ring()).isEqualTo(plain.ring());
    }

    @Test
    void aNewServerListKeepsTheZoneFirst() {
        HostProvider hosts = new HostProvider(hosts("b1", "c1"), new Random(2), a -> a, EAST);
        assertThat(hosts.updateServerList(hosts("b1", "c1", "a1", "b2"), null)).isFalse();
        assertThat(names(hosts.ring()).get(0)).isEqualTo("a1");
    }
}
