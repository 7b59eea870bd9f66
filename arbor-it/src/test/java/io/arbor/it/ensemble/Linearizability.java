package io.arbor.it.ensemble;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A linearizability checker in the manner of Wing &amp; Gong, with Lowe's memoization (as Porcupine does it):
 * a depth-first search for an order of the operations that respects real time (an operation that returned
 * before another was called comes first) and that the sequential {@link Model} accepts step by step. States
 * already reached with the same set of operations linearized are not explored again; the set is remembered by a
 * 128-bit Zobrist hash (random bits per operation, xored), so memory does not grow with the history's length
 * per state (a collision could only make the search miss an order, never accept a wrong one).
 *
 * <p>An operation whose outcome is unknown (the client lost its answer) has no return: it may take effect at
 * any time after its call, or never, which its model expresses (see {@link Model#step}). The search is bounded
 * by a number of steps; past it the answer is {@link Verdict#UNKNOWN}, which a test must treat as a failure.
 */
final class Linearizability {
    private Linearizability() {}

    /**
     * A sequential specification. {@code output} is null when the operation's outcome is unknown: the model then
     * says what the operation does if it takes effect at that point, or leaves the state as it is when it cannot.
     */
    interface Model<S, I, O> {
        S init();

        /** The state after {@code input} answered {@code output} in {@code state}, or null if it could not. */
        S step(S state, I input, O output);
    }

    /** One operation: its input, its output (null: unknown), and when it was called and returned (nanos). */
    record Operation<I, O>(int id, I input, O output, long call, long ret, String description) {
        static final long NEVER = Long.MAX_VALUE;

        Operation {
            if (ret < call) {
                throw new IllegalArgumentException("operation " + id + " returns before it is called");
            }
        }

        @Override
        public String toString() {
            return description != null ? description : input + " -> " + (output == null ? "?" : output);
        }
    }

    enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

    /** The verdict, how many search steps it took, and for a failure where the search got stuck. */
    record Result(Verdict verdict, long steps, String explanation) {
        boolean ok() {
            return verdict == Verdict.LINEARIZABLE;
        }
    }

    /** Checks each partition (say, each key) on its own, with {@code budget} steps for each; the first failure. */
    static <K, S, I, O> Result checkEach(Model<S, I, O> model, Map<K, List<Operation<I, O>>> partitions, long budget) {
        long steps = 0;
        for (Map.Entry<K, List<Operation<I, O>>> e : partitions.entrySet()) {
            Result r = check(model, e.getValue(), budget);
            steps += r.steps();
            if (!r.ok()) {
                return new Result(r.verdict(), steps, "partition " + e.getKey() + ": " + r.explanation());
            }
        }
        return new Result(Verdict.LINEARIZABLE, steps, "");
    }

    /** A call or return event in the doubly linked list the search lifts operations out of. */
    private static final class Entry<I, O> {
        final Operation<I, O> op;
        final boolean isCall;
        final long time;
        Entry<I, O> match; // a call's return
        Entry<I, O> prev;
        Entry<I, O> next;

        Entry(Operation<I, O> op, boolean isCall, long time) {
            this.op = op;
            this.isCall = isCall;
            this.time = time;
        }
    }

    private record Visited<S>(long hashLow, long hashHigh, S state) {}

    private record Frame<S, I, O>(Entry<I, O> call, S stateBefore) {}

    static <S, I, O> Result check(Model<S, I, O> model, List<Operation<I, O>> ops, long budget) {
        // ids index the bitset: renumber densely
        List<Entry<I, O>> events = new ArrayList<>();
        List<Operation<I, O>> dense = new ArrayList<>();
        for (Operation<I, O> op : ops) {
            Operation<I, O> d = new Operation<>(dense.size(), op.input(), op.output(), op.call(), op.ret(),
                    op.toString());
            dense.add(d);
            Entry<I, O> call = new Entry<>(d, true, d.call());
            Entry<I, O> ret = new Entry<>(d, false, d.ret());
            call.match = ret;
            events.add(call);
            events.add(ret);
        }
        // at equal times calls come first: operations that touch are taken as concurrent
        events.sort(Comparator.<Entry<I, O>>comparingLong(e -> e.time).thenComparing(e -> e.isCall ? 0 : 1));
        Entry<I, O> head = new Entry<>(null, false, Long.MIN_VALUE);
        Entry<I, O> last = head;
        for (Entry<I, O> e : events) {
            last.next = e;
            e.prev = last;
            last = e;
        }

        Random bits = new Random(0x5eed);
        long[] low = new long[dense.size()];
        long[] high = new long[dense.size()];
        for (int i = 0; i < low.length; i++) {
            low[i] = bits.nextLong();
            high[i] = bits.nextLong();
        }
        long hashLow = 0;
        long hashHigh = 0;
        S state = model.init();
        Set<Visited<S>> cache = new HashSet<>();
        Deque<Frame<S, I, O>> stack = new ArrayDeque<>();
        Entry<I, O> entry = head.next;
        long steps = 0;
        int deepest = -1;
        String stuck = "";
        while (head.next != null) {
            if (++steps > budget) {
                return new Result(Verdict.UNKNOWN, steps, "the search took more than " + budget + " steps over "
                        + dense.size() + " operations (" + stack.size() + " linearized at the end); "
                        + "not proven linearizable");
            }
            if (entry.isCall) {
                S next = model.step(state, entry.op.input(), entry.op.output());
                if (next != null) {
                    int id = entry.op.id();
                    if (cache.add(new Visited<>(hashLow ^ low[id], hashHigh ^ high[id], next))) {
                        stack.push(new Frame<>(entry, state));
                        state = next;
                        hashLow ^= low[id];
                        hashHigh ^= high[id];
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                // an operation returned that nothing in this order can take: undo the last choice
                if (stack.size() > deepest) {
                    deepest = stack.size();
                    stuck = explain(stack, state, entry, head);
                }
                if (stack.isEmpty()) {
                    return new Result(Verdict.NOT_LINEARIZABLE, steps, stuck);
                }
                Frame<S, I, O> top = stack.pop();
                state = top.stateBefore();
                hashLow ^= low[top.call().op.id()];
                hashHigh ^= high[top.call().op.id()];
                unlift(top.call());
                entry = top.call().next;
            }
        }
        return new Result(Verdict.LINEARIZABLE, steps, "");
    }

    private static <I, O> void lift(Entry<I, O> call) {
        call.prev.next = call.next;
        if (call.next != null) {
            call.next.prev = call.prev;
        }
        Entry<I, O> ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static <I, O> void unlift(Entry<I, O> call) {
        Entry<I, O> ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        if (call.next != null) {
            call.next.prev = call;
        }
    }

    /** The longest order found: its last operations, the state they lead to, and what could not follow. */
    private static <S, I, O> String explain(Deque<Frame<S, I, O>> stack, S state, Entry<I, O> blocked,
            Entry<I, O> head) {
        StringBuilder sb = new StringBuilder();
        sb.append("no linearization; the longest found orders ").append(stack.size()).append(" operations, ending");
        List<Frame<S, I, O>> frames = new ArrayList<>(stack);
        for (int i = Math.min(frames.size(), 8) - 1; i >= 0; i--) {
            sb.append("\n    ").append(frames.get(i).call().op);
        }
        sb.append("\n  in state ").append(state).append(", after which none of these could come first:");
        int shown = 0;
        for (Entry<I, O> e = head.next; e != null && shown < 12; e = e.next) {
            if (e.isCall) {
                sb.append("\n    ").append(e.op);
                shown++;
            }
            if (e == blocked) {
                break;
            }
        }
        sb.append("\n  yet ").append(blocked.op).append(" had returned");
        return sb.toString();
    }
}
