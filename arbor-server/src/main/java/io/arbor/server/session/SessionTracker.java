package io.arbor.server.session;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in expiry buckets one tick wide: a session expires at
 * {@code roundUp(lastTouch + timeout, tick)}. A touch moves the session only when its bucket changes (at most
 * once a tick), and a whole bucket expires at once. Expiry does not delete anything itself: it marks the
 * session closing and hands it to {@code expirer}, which submits closeSession through the pipeline so the
 * ephemerals go as a txn, in order.
 */
public final class SessionTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTracker.class);

    private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Set<Session>> buckets = new ConcurrentHashMap<>();
    private final int tickTime;
    private final LongSupplier clock;
    private final Consumer<Session> expirer;
    private final AtomicLong nextSessionId;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private volatile boolean running = true;
    /** False on an ensemble member that does not lead: the leader alone expires sessions. */
    private volatile boolean expiring = true;
    /** Ids touched since {@link #drainTouched}, kept only while a follower reports its touches to the leader. */
    private volatile Set<Long> touched;
    private long nextExpiration;

    public SessionTracker(long serverId, int tickTime, LongSupplier clock, Consumer<Session> expirer) {
        this.tickTime = tickTime;
        this.clock = clock;
        this.expirer = expirer;
        this.nextSessionId = new AtomicLong(initialSessionId(serverId, System.currentTimeMillis()));
        this.nextExpiration = roundUp(clock.getAsLong());
        this.thread = new Thread(this::run, "arbor-session-expiry");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The server id in the top byte, then 40 bits of the clock, then a 16-bit counter starting at 0. */
    static long initialSessionId(long serverId, long nowMillis) {
        return ((nowMillis << 24) >>> 8) | (serverId << 56);
    }

    private long roundUp(long time) {
        return (time / tickTime + 1) * tickTime;
    }

    /** A fresh id and password for a new session; tracked from now on. */
    public Session create(int timeout) {
        long id = nextSessionId.getAndIncrement();
        if (id == Long.MIN_VALUE) { // that value marks containers in ephemeralOwner
            id = nextSessionId.getAndIncrement();
        }
        byte[] password = new byte[16];
        random.nextBytes(password);
        Session s = new Session(id, timeout, password);
        add(s);
        return s;
    }

    /** Tracks a session whose id and password are already known (replayed from the log or a snapshot). */
    public void add(Session s) {
        sessions.put(s.id(), s);
        touch(s);
    }

    public Session get(long id) {
        return sessions.get(id);
    }

    public Collection<Session> all() {
        return sessions.values();
    }

    public int count() {
        return sessions.size();
    }

    /** Pushes the session's expiry to now + timeout; false if it is gone or closing. */
    public boolean touch(Session s) {
        if (s.isClosing()) {
            return false;
        }
        Set<Long> report = touched;
        if (report != null) {
            report.add(s.id());
        }
        long expiry = roundUp(clock.getAsLong() + s.timeout());
        long old = s.expiryTime;
        if (expiry == old) {
            return true;
        }
        buckets.computeIfAbsent(expiry, k -> ConcurrentHashMap.newKeySet()).add(s);
        s.expiryTime = expiry;
        if (old != 0) {
            Set<Session> prev = buckets.get(old);
            if (prev != null) {
                prev.remove(s);
            }
        }
        return true;
    }

    /**
     * Whether this tracker expires sessions. An ensemble member that does not lead keeps its sessions' expiry
     * times (so that it can take over) but leaves expiring them to the leader.
     */
    public void setExpiring(boolean expiring) {
        this.expiring = expiring;
    }

    /** Starts (or stops) keeping the ids of touched sessions for {@link #drainTouched}. */
    public void recordTouches(boolean record) {
        touched = record ? ConcurrentHashMap.newKeySet() : null;
    }

    /** The ids touched since the last call (none unless {@link #recordTouches} is on). */
    public List<Long> drainTouched() {
        Set<Long> report = touched;
        if (report == null || report.isEmpty()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>(report.size());
        for (var it = report.iterator(); it.hasNext(); ) {
            ids.add(it.next());
            it.remove();
        }
        return ids;
    }

    /**
     * Gives every open session a fresh timeout from now: a new leader does this before it expires any, since it
     * cannot know when the clients of other servers last heard from them.
     */
    public void touchAll() {
        for (Session s : sessions.values()) {
            touch(s);
        }
    }

    /**
     * The closeSession txn of {@code s} could not be logged: the session lives on, and expires again after its
     * timeout unless its client comes back.
     */
    public void closeNotLogged(Session s) {
        if (sessions.get(s.id()) == s) {
            s.reopen();
            touch(s);
        }
    }

    /** Tracks exactly {@code replacement} from now on (the state was loaded from a snapshot), each with a fresh timeout. */
    public void replaceAll(Collection<Session> replacement) {
        for (Session s : List.copyOf(sessions.values())) {
            remove(s.id());
        }
        replacement.forEach(this::add);
    }

    /** Forgets a session once its closeSession txn is applied. */
    public void remove(long id) {
        Session s = sessions.remove(id);
        if (s != null) {
            s.setClosing();
            Set<Session> bucket = buckets.get(s.expiryTime);
            if (bucket != null) {
                bucket.remove(s);
            }
        }
    }

    /** The wall-clock time (ms since the epoch) of an expiry time of this tracker's clock, for operators. */
    public long toWallClock(long expiryTime) {
        return System.currentTimeMillis() + (expiryTime - clock.getAsLong());
    }

    /** Expiry time (of this tracker's clock; see {@link #toWallClock}) -> session ids, for the dump command. */
    public Map<Long, List<Long>> byExpiry() {
        Map<Long, List<Long>> out = new TreeMap<>();
        buckets.forEach((t, set) -> {
            if (!set.isEmpty()) {
                List<Long> ids = new ArrayList<>();
                set.forEach(s -> ids.add(s.id()));
                ids.sort(null);
                out.put(t, ids);
            }
        });
        return out;
    }

    private void run() {
        while (running) {
            try {
                long now = clock.getAsLong();
                if (now < nextExpiration) {
                    lock.lock();
                    try {
                        wake.awaitNanos((nextExpiration - now) * 1_000_000L);
                    } finally {
                        lock.unlock();
                    }
                    continue;
                }
                Set<Session> due = buckets.remove(nextExpiration);
                long bucketTime = nextExpiration;
                nextExpiration += tickTime;
                if (due == null || !expiring) {
                    continue;
                }
                for (Session s : due) {
                    if (s.expiryTime == bucketTime && !s.isClosing()) {
                        s.setClosing();
                        LOG.info("Expiring session {}, timeout of {}ms exceeded", s.idHex(), s.timeout());
                        expirer.accept(s);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Session expiry failed; will retry at the next tick", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
