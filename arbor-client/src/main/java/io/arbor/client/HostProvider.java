package io.arbor.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The servers to try, shuffled once into a ring so that clients of one ensemble spread over its members. Each
 * {@link #next()} hands out the following address, resolved at that moment (a name is looked up again on every
 * pass, so a server that moved is found), and says when a whole pass has gone by without success so the caller
 * backs off before starting the next one. Not thread-safe: one connection loop owns it.
 */
public final class HostProvider {
    /** The address to try, and whether every host of the ring was tried before it (time to back off). */
    public record Attempt(InetSocketAddress address, boolean afterFullPass) {}

    private final List<InetSocketAddress> ring;
    private final UnaryOperator<InetSocketAddress> resolver;
    private long handedOut;

    public HostProvider(List<InetSocketAddress> addresses, Random random) {
        this(addresses, random, HostProvider::resolve);
    }

    /** {@code resolver} turns an unresolved address into a resolved one (or returns it unresolved on failure). */
    HostProvider(List<InetSocketAddress> addresses, Random random, UnaryOperator<InetSocketAddress> resolver) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no addresses");
        }
        List<InetSocketAddress> shuffled = new ArrayList<>(addresses.size());
        for (InetSocketAddress a : addresses) {
            // keep names, not the addresses they resolved to once
            shuffled.add(a.isUnresolved() ? a : InetSocketAddress.createUnresolved(a.getHostString(), a.getPort()));
        }
        Collections.shuffle(shuffled, random);
        this.ring = List.copyOf(shuffled);
        this.resolver = resolver;
    }

    public int size() {
        return ring.size();
    }

    public Attempt next() {
        int index = (int) (handedOut % ring.size());
        boolean afterFullPass = handedOut > 0 && index == 0;
        handedOut++;
        return new Attempt(resolver.apply(ring.get(index)), afterFullPass);
    }

    /** The ring in the order it is tried, names unresolved. */
    public List<InetSocketAddress> ring() {
        return ring;
    }

    private static InetSocketAddress resolve(InetSocketAddress unresolved) {
        // a failed lookup yields an unresolved address; connecting to it fails and the next host is tried
        return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
    }
}
