package io.arbor.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The servers to try, shuffled once into a ring so that clients of one ensemble spread over its members. Each
 * {@link #next()} hands out the following address, resolved at that moment (a name is looked up again on every
 * pass, so a server that moved is found), and says when a whole pass has gone by without success so the caller
 * backs off before starting the next one. With a {@link ZonePreference} the hosts of the client's own zone come
 * first in the ring (shuffled among themselves). Not thread-safe: one connection loop owns it.
 *
 * <p>{@link #updateServerList} takes a changed server list and decides, as ZooKeeper 3.5+ clients do, whether
 * this client should move so that the clients of an ensemble end up spread evenly over the new list without
 * talking to each other: each decides at random with the probability that makes the expected loads equal.
 */
public final class HostProvider {
    /** The address to try, and whether every host of the ring was tried before it (time to back off). */
    public record Attempt(InetSocketAddress address, boolean afterFullPass) {}

    private final Random random;
    private final UnaryOperator<InetSocketAddress> resolver;
    private final ZonePreference zone;
    private List<InetSocketAddress> ring;
    private long handedOut;
    /** The ring entry handed out last: the server being tried, or connected to. */
    private InetSocketAddress last;

    public HostProvider(List<InetSocketAddress> addresses, Random random) {
        this(addresses, random, (ZonePreference) null);
    }

    public HostProvider(List<InetSocketAddress> addresses, Random random, ZonePreference zone) {
        this(addresses, random, HostProvider::resolve, zone);
    }

    /** {@code resolver} turns an unresolved address into a resolved one (or returns it unresolved on failure). */
    HostProvider(List<InetSocketAddress> addresses, Random random, UnaryOperator<InetSocketAddress> resolver) {
        this(addresses, random, resolver, (ZonePreference) null);
    }

    HostProvider(List<InetSocketAddress> addresses, Random random, UnaryOperator<InetSocketAddress> resolver,
                 ZonePreference zone) {
        this.random = random;
        this.resolver = resolver;
        this.zone = zone;
        this.ring = List.copyOf(arrange(names(addresses)));
    }

    public int size() {
        return ring.size();
    }

    public Attempt next() {
        int index = (int) (handedOut % ring.size());
        boolean afterFullPass = handedOut > 0 && index == 0;
        handedOut++;
        last = ring.get(index);
        return new Attempt(resolver.apply(last), afterFullPass);
    }

    /**
     * Hands out a chosen server of the ring out of turn (one found to serve writes while the client was connected
     * read-only), resolved; the ring's own order goes on unchanged after it.
     */
    public InetSocketAddress handOut(InetSocketAddress server) {
        last = name(server);
        return resolver.apply(last);
    }

    /** The ring entry handed out last (unresolved), or null before the first {@link #next()}. */
    public InetSocketAddress lastHandedOut() {
        return last;
    }

    /** The ring in the order it is tried, names unresolved. */
    public List<InetSocketAddress> ring() {
        return ring;
    }

    /**
     * Replaces the server list and says whether the client connected to {@code current} (null when not connected)
     * should drop that connection and move; the ring then starts with the servers it should move to.
     *
     * <ul>
     * <li>More servers than before, current one kept: move to one of the added servers with probability
     * {@code 1 - oldSize/newSize}, so each server, old or new, ends up with {@code 1/newSize} of the clients.</li>
     * <li>More servers, current one removed: move to an added server (the kept ones already have too many).</li>
     * <li>As many or fewer servers, current one kept: stay (its load can only grow).</li>
     * <li>As many or fewer, current one removed: move to a kept server with probability
     * {@code kept * (oldSize - newSize) / (newSize * (oldSize - kept))}, else to an added one: the kept servers
     * need exactly that share of the displaced clients to reach {@code 1/newSize} each.</li>
     * </ul>
     */
    public boolean updateServerList(List<InetSocketAddress> addresses, InetSocketAddress current) {
        List<InetSocketAddress> fresh = names(addresses);
        Set<InetSocketAddress> before = new HashSet<>(ring);
        List<InetSocketAddress> kept = new ArrayList<>();
        List<InetSocketAddress> added = new ArrayList<>();
        for (InetSocketAddress a : fresh) {
            (before.contains(a) ? kept : added).add(a);
        }
        InetSocketAddress at = current == null ? null : name(current);
        int oldSize = ring.size();
        int newSize = fresh.size();
        if (at == null) {
            ring = List.copyOf(arrange(fresh));
            handedOut = 0;
            return false;
        }
        boolean stillListed = fresh.contains(at);
        List<InetSocketAddress> moveTo;
        if (newSize > oldSize) {
            boolean move = !stillListed || random.nextDouble() < 1 - (double) oldSize / newSize;
            moveTo = move ? added : null;
        } else if (stillListed) {
            moveTo = null;
        } else {
            double toKept = (double) kept.size() * (oldSize - newSize) / ((double) newSize * (oldSize - kept.size()));
            moveTo = random.nextDouble() < toKept ? kept : added;
        }
        if (moveTo == null) {
            // stay: the current server heads the ring, as if just handed out, so a reconnect tries the others first
            List<InetSocketAddress> others = new ArrayList<>(fresh);
            others.remove(at);
            List<InetSocketAddress> next = new ArrayList<>();
            next.add(at);
            next.addAll(arrange(others));
            ring = List.copyOf(next);
            handedOut = 1;
            last = at;
            return false;
        }
        List<InetSocketAddress> rest = new ArrayList<>(fresh);
        rest.removeAll(moveTo);
        rest.remove(at);
        List<InetSocketAddress> next = new ArrayList<>(arrange(moveTo));
        next.addAll(arrange(rest));
        if (stillListed) {
            next.add(at); // the one being left is the last resort
        }
        ring = List.copyOf(next);
        handedOut = 0;
        return true;
    }

    /** Shuffled, then the client's own zone first when one is preferred. */
    private List<InetSocketAddress> arrange(List<InetSocketAddress> hosts) {
        List<InetSocketAddress> out = new ArrayList<>(hosts);
        Collections.shuffle(out, random);
        if (zone != null) {
            zone.sortLocalFirst(out);
        }
        return out;
    }

    private static List<InetSocketAddress> names(List<InetSocketAddress> addresses) {
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        for (InetSocketAddress a : addresses) {
            out.add(name(a));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no addresses");
        }
        return new ArrayList<>(out);
    }

    /** Keeps names, not the addresses they resolved to once. */
    private static InetSocketAddress name(InetSocketAddress a) {
        return a.isUnresolved() ? a : InetSocketAddress.createUnresolved(a.getHostString(), a.getPort());
    }

    private static InetSocketAddress resolve(InetSocketAddress unresolved) {
        // a failed lookup yields an unresolved address; connecting to it fails and the next host is tried
        return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
    }
}
