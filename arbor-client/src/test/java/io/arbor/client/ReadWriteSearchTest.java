package io.arbor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The search for a read-write server: whom it asks, when, and that it ends on the first yes or on stop. */
class ReadWriteSearchTest {
    private static final InetSocketAddress A = InetSocketAddress.createUnresolved("a", 1);
    private static final InetSocketAddress B = InetSocketAddress.createUnresolved("b", 2);
    private static final InetSocketAddress C = InetSocketAddress.createUnresolved("c", 3);

    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final List<InetSocketAddress> asked = new CopyOnWriteArrayList<>();
    private final List<Long> askedAt = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> found = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** A search over A, B, C whose probe says yes for {@code readWrite} from the {@code fromQuestion}th question on. */
    private ReadWriteSearch search(InetSocketAddress readWrite, int fromQuestion) {
        return new ReadWriteSearch(loop, () -> List.of(A, B, C), server -> {
            asked.add(server);
            askedAt.add(System.nanoTime());
            return CompletableFuture.completedFuture(server.equals(readWrite) && asked.size() >= fromQuestion);
        }, found::add);
    }

    @Test
    void asksEachServerInTurnWaitingTwiceAsLongEachTimeAndStopsAtTheFirstYes() {
        long start = System.nanoTime();
        // A serves reads only at first and has its quorum back by the time it is asked again
        ReadWriteSearch search = search(A, 4);
        loop.execute(search::start);

        await().atMost(Duration.ofSeconds(10)).until(() -> !found.isEmpty());
        // B, C said no; round again to A, which serves writes
        assertThat(asked).containsExactly(A, B, C, A);
        assertThat(found).containsExactly(A);
        // 100 ms before the first question, then 200, 400, 800 ms
        assertThat(askedAt.get(0) - start).isGreaterThanOrEqualTo(ms(100));
        assertThat(askedAt.get(1) - askedAt.get(0)).isGreaterThanOrEqualTo(ms(200));
        assertThat(askedAt.get(2) - askedAt.get(1)).isGreaterThanOrEqualTo(ms(400));
        assertThat(askedAt.get(3) - askedAt.get(2)).isGreaterThanOrEqualTo(ms(800));
        assertThat(search.searching()).isFalse();
    }

    @Test
    void aStoppedSearchAsksNoMoreAndIgnoresAnAnswerOnItsWay() throws Exception {
        CompletableFuture<Boolean> pending = new CompletableFuture<>();
        ReadWriteSearch search = new ReadWriteSearch(loop, () -> List.of(A, B), server -> {
            asked.add(server);
            return pending;
        }, found::add);
        loop.execute(search::start);
        await().atMost(Duration.ofSeconds(5)).until(() -> asked.size() == 1);

        loop.submit(search::stop).get(5, TimeUnit.SECONDS);
        pending.complete(true); // the answer to the stopped search's question
        // a later search starts from the first wait again and asks the next server
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        assertThat(found).isEmpty();
        assertThat(asked).containsExactly(A);
    }

    @Test
    void theLongestWaitIsAMinute() {
        assertThat(ReadWriteSearch.FIRST_WAIT).isEqualTo(Duration.ofMillis(100));
        assertThat(ReadWriteSearch.LONGEST_WAIT).isEqualTo(Duration.ofMinutes(1));
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
