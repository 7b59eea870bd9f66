package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rebalancing decisions of {@link HostProvider#updateServerList}, simulated over many clients spread evenly
 * over the old list: the share that moves, and the load each server of the new list ends up with, must match what
 * an even spread requires. The randomness is seeded, so each run is the same; the tolerances are several standard
 * deviations of the binomial counts ({@code sqrt(n p (1-p)) / n} is at most 0.5% for 10,000 clients).
 */
class HostProviderRebalanceTest {
    private static final int CLIENTS = 10_000;
    private static final double TOLERANCE = 0.02;

    private static InetSocketAddress host(String name) {
        return InetSocketAddress.createUnresolved(name, 2181);
    }

    private static List<InetSocketAddress> hosts(String... names) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String n : names) {
            out.add(host(n));
        }
        return out;
    }

    /** One simulated client's outcome: whether it moved and where its next connection goes. */
    private record Outcome(boolean moved, InetSocketAddress server) {}

    /** Client i starts on old server i mod oldSize (an even spread), then takes the new list. */
    private static List<Outcome> simulate(List<InetSocketAddress> before, List<InetSocketAddress> after) {
        Random random = new Random(42);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            HostProvider hosts = new HostProvider(before, random, a -> a);
            InetSocketAddress current = before.get(i % before.size());
            boolean moved = hosts.updateServerList(after, current);
            outcomes.add(new Outcome(moved, moved ? hosts.next().address() : current));
        }
        return outcomes;
    }

    private static double movedShare(List<Outcome> outcomes) {
        return outcomes.stream().filter(Outcome::moved).count() / (double) outcomes.size();
    }

    private static void assertEvenLoad(List<Outcome> outcomes, List<InetSocketAddress> after) {
        Map<InetSocketAddress, Integer> load = new HashMap<>();
        outcomes.forEach(o -> load.merge(o.server(), 1, Integer::sum));
        assertThat(load.keySet()).as("every client ends on a listed server").containsExactlyInAnyOrderElementsOf(after);
        for (InetSocketAddress server : after) {
            assertThat(load.get(server) / (double) CLIENTS).as("share of " + server)
                    .isCloseTo(1.0 / after.size(), within(TOLERANCE));
        }
    }

    @Test
    void serversAddedMovesOneMinusOldOverNewOfTheClientsToTheNewOnes() {
        List<InetSocketAddress> before = hosts("a", "b", "c");
        List<InetSocketAddress> after = hosts("a", "b", "c", "d", "e");
        List<Outcome> outcomes = simulate(before, after);
        assertThat(movedShare(outcomes)).isCloseTo(1 - 3.0 / 5, within(TOLERANCE));
        assertThat(outcomes).filteredOn(Outcome::moved).extracting(Outcome::server)
                .as("a client that moves goes to an added server").allMatch(s -> s.equals(host("d")) || s.equals(host("e")));
        assertEvenLoad(outcomes, after);
    }

    @Test
    void serverRemovedMovesExactlyItsClientsAndSpreadsThemOverTheRest() {
        List<InetSocketAddress> before = hosts("a", "b", "c", "d", "e");
        List<InetSocketAddress> after = hosts("a", "b", "c");
        List<Outcome> outcomes = simulate(before, after);
        for (int i = 0; i < CLIENTS; i++) {
            boolean onRemoved = i % 5 >= 3;
            assertThat(outcomes.get(i).moved()).as("client %d moves only if its server left", i).isEqualTo(onRemoved);
        }
        assertThat(movedShare(outcomes)).isCloseTo(2.0 / 5, within(0.001));
        assertEvenLoad(outcomes, after);
    }

    @Test
    void sameSizeWithOneServerReplacedSendsItsClientsToTheNewcomer() {
        List<InetSocketAddress> before = hosts("a", "b", "c");
        List<InetSocketAddress> after = hosts("a", "b", "d");
        List<Outcome> outcomes = simulate(before, after);
        assertThat(outcomes).filteredOn(Outcome::moved).extracting(Outcome::server).containsOnly(host("d"));
        assertEvenLoad(outcomes, after);
    }

    @Test
    void shrunkAndReplacedSplitsTheDisplacedBetweenKeptAndAdded() {
        // from four servers to {a, e}: a keeps its quarter and must reach a half, e starts from nothing
        List<InetSocketAddress> before = hosts("a", "b", "c", "d");
        List<InetSocketAddress> after = hosts("a", "e");
        List<Outcome> outcomes = simulate(before, after);
        assertThat(movedShare(outcomes)).isCloseTo(3.0 / 4, within(0.001));
        long toKept = outcomes.stream().filter(o -> o.moved() && o.server().equals(host("a"))).count();
        assertThat(toKept / (double) outcomes.stream().filter(Outcome::moved).count())
                .as("share of the displaced sent to the kept server").isCloseTo(1.0 / 3, within(TOLERANCE));
        assertEvenLoad(outcomes, after);
    }

    @Test
    void grownWhileTheCurrentServerLeftMovesToAnAddedOne() {
        HostProvider hosts = new HostProvider(hosts("a", "b"), new Random(1), a -> a);
        assertThat(hosts.updateServerList(hosts("a", "c", "d"), host("b"))).isTrue();
        assertThat(hosts.next().address()).isIn(host("c"), host("d"));
        assertThat(hosts.ring()).containsExactlyInAnyOrderElementsOf(hosts("a", "c", "d"));
    }

    @Test
    void stayingKeepsTheCurrentServerAndTriesTheOthersOnTheNextReconnect() {
        HostProvider hosts = new HostProvider(hosts("a", "b", "c"), new Random(1), a -> a);
        assertThat(hosts.updateServerList(hosts("a", "b"), host("b"))).isFalse();
        assertThat(hosts.lastHandedOut()).isEqualTo(host("b"));
        HostProvider.Attempt next = hosts.next();
        assertThat(next.address()).isEqualTo(host("a"));
        assertThat(next.afterFullPass()).isFalse();
        assertThat(hosts.next()).isEqualTo(new HostProvider.Attempt(host("b"), true));
    }

    @Test
    void aMovingClientLeavesItsOldServerAsTheLastResort() {
        // grown from 1 to 4 with the current one kept: 3 in 4 clients move, and keep the old server as a fallback
        int moved = 0;
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            HostProvider hosts = new HostProvider(hosts("a"), random, a -> a);
            if (hosts.updateServerList(hosts("a", "b", "c", "d"), host("a"))) {
                moved++;
                assertThat(hosts.ring().get(3)).isEqualTo(host("a"));
            }
        }
        assertThat(moved).isBetween(60, 90);
    }

    @Test
    void notConnectedTakesTheNewListWithoutAMove() {
        HostProvider hosts = new HostProvider(hosts("a", "b"), new Random(1), a -> a);
        assertThat(hosts.updateServerList(hosts("c", "d"), null)).isFalse();
        assertThat(hosts.ring()).containsExactlyInAnyOrderElementsOf(hosts("c", "d"));
        assertThat(hosts.next().afterFullPass()).isFalse();
    }

    @Test
    void aResolvedCurrentAddressIsMatchedByName() {
        HostProvider hosts = new HostProvider(List.of(host("localhost"), host("b")), new Random(1), a -> a);
        InetSocketAddress resolved = new InetSocketAddress("localhost", 2181);
        assertThat(hosts.updateServerList(hosts("b"), resolved)).as("its server left the list").isTrue();
        assertThat(new HostProvider(hosts("localhost", "b"), new Random(1), a -> a)
                .updateServerList(List.of(host("localhost")), resolved)).as("still listed, list shrank").isFalse();
    }
}
