package io.arbor.it.ensemble;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the clients did, operation by operation: who called what, when (System.nanoTime at the call and at the
 * answer), and what came back. An answer is ok, a definite failure (the operation did not take effect), or
 * indeterminate (connection loss and the like: it may or may not have taken effect).
 */
final class PartitionHistory {
    enum Kind { SET, GET, SYNC, CREATE, PARENT_STAT }

    enum Outcome { OK, FAIL, INFO }

    /**
     * An operation as called.
     *
     * @param index the order of the calls over all clients
     * @param sessionOrder the order of the calls of this session
     * @param expectedVersion for SET
     * @param value what SET or CREATE writes (unique over the whole run)
     * @param afterSync for a GET sent right behind a SYNC of the same session: that SYNC's index; -1 otherwise
     */
    record Call(int index, int client, long session, long sessionOrder, Kind kind, String path,
            int expectedVersion, String value, int afterSync, long start) {}

    /**
     * An answer.
     *
     * @param error the error's name for FAIL and INFO
     * @param version SET: the version made; GET: the version read
     * @param data GET: the data read
     * @param zxid SET: mzxid; GET: mzxid; CREATE: czxid; PARENT_STAT: pzxid
     * @param cversion PARENT_STAT: the parent's cversion
     * @param created CREATE: the path the server gave
     */
    record Result(Outcome outcome, String error, int version, String data, long zxid, int cversion, String created) {
        static Result ok(int version, String data, long zxid) {
            return new Result(Outcome.OK, null, version, data, zxid, -1, null);
        }

        static Result created(String path, long czxid) {
            return new Result(Outcome.OK, null, -1, null, czxid, -1, path);
        }

        static Result parent(long pzxid, int cversion) {
            return new Result(Outcome.OK, null, -1, null, pzxid, cversion, null);
        }

        static Result fail(String error) {
            return new Result(Outcome.FAIL, error, -1, null, -1, -1, null);
        }

        static Result info(String error) {
            return new Result(Outcome.INFO, error, -1, null, -1, -1, null);
        }
    }

    /** A called operation and its answer; {@code end} is {@link Linearizability.Operation#NEVER} without one. */
    record Op(Call call, Result result, long end, long completion) {
        boolean ok() {
            return result.outcome() == Outcome.OK;
        }

        @Override
        public String toString() {
            Call c = call;
            StringBuilder sb = new StringBuilder("#").append(c.index()).append(" c").append(c.client())
                    .append(" s0x").append(Long.toHexString(c.session())).append('/').append(c.sessionOrder())
                    .append(' ').append(c.kind()).append(' ').append(c.path());
            if (c.kind() == Kind.SET) {
                sb.append(" expect v").append(c.expectedVersion()).append(' ').append(c.value());
            } else if (c.kind() == Kind.CREATE) {
                sb.append(' ').append(c.value());
            } else if (c.afterSync() >= 0) {
                sb.append(" after sync #").append(c.afterSync());
            }
            sb.append(" -> ").append(result.outcome());
            switch (result.outcome()) {
                case OK -> {
                    switch (c.kind()) {
                        case SET -> sb.append(" v").append(result.version());
                        case GET -> sb.append(" v").append(result.version()).append('=').append(result.data());
                        case CREATE -> sb.append(' ').append(result.created());
                        case PARENT_STAT -> sb.append(" cversion ").append(result.cversion());
                        default -> { }
                    }
                    if (result.zxid() >= 0) {
                        sb.append(" zxid 0x").append(Long.toHexString(result.zxid()));
                    }
                }
                default -> sb.append(' ').append(result.error());
            }
            return sb.append(" [").append(c.start()).append("..")
                    .append(end == Linearizability.Operation.NEVER ? "?" : Long.toString(end)).append(']')
                    .toString();
        }
    }

    private final AtomicInteger nextIndex = new AtomicInteger();
    private final Map<Integer, Call> pending = new ConcurrentHashMap<>();
    private final List<Op> done = new ArrayList<>();
    private final Map<Long, AtomicLong> completions = new ConcurrentHashMap<>();

    /** Records a call; {@code sessionOrder} is the caller's count of the calls it made in this session. */
    Call invoke(int client, long session, long sessionOrder, Kind kind, String path, int expectedVersion,
            String value, int afterSync) {
        Call c = new Call(nextIndex.getAndIncrement(), client, session, sessionOrder, kind, path, expectedVersion,
                value, afterSync, System.nanoTime());
        pending.put(c.index(), c);
        return c;
    }

    /** Records the answer to {@code call}; a session's answers are numbered in the order they arrive. */
    void complete(Call call, Result result) {
        long end = System.nanoTime();
        long completion = completions.computeIfAbsent(call.session(), s -> new AtomicLong()).getAndIncrement();
        if (pending.remove(call.index()) == null) {
            throw new IllegalStateException("answered twice: " + call);
        }
        synchronized (done) {
            done.add(new Op(call, result, end, completion));
        }
    }

    /** Every operation in call order; one still without an answer is indeterminate and never returns. */
    List<Op> ops() {
        List<Op> all;
        synchronized (done) {
            all = new ArrayList<>(done);
        }
        for (Call c : pending.values()) {
            all.add(new Op(c, Result.info("no answer"), Linearizability.Operation.NEVER, -1));
        }
        all.sort(Comparator.comparingInt(o -> o.call().index()));
        return all;
    }

    /** How many calls are still without an answer. */
    int unanswered() {
        return pending.size();
    }
}
