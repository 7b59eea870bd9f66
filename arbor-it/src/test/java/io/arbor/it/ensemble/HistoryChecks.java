package io.arbor.it.ensemble;

import io.arbor.it.ensemble.Linearizability.Operation;
import io.arbor.it.ensemble.PartitionHistory.Kind;
import io.arbor.it.ensemble.PartitionHistory.Op;
import io.arbor.it.ensemble.PartitionHistory.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What ZooKeeper promises a history of registers (setData with versions, getData, sync) and sequential creates,
 * checked against what the clients recorded and what the servers hold at the end:
 * <ul>
 * <li>writes are linearizable: each register's setData answers (and its getData answers right behind a sync,
 *     if asked to count them), and the numbers sequential creates got, fit one order that respects real time;
 * <li>each session's answers came in the order of its calls (FIFO), and its writes took effect in that order;
 * <li>reads are sequentially consistent: a session never reads a state older than one it has already seen
 *     (version, mzxid, pzxid, cversion per node, and no read misses a write whose zxid it has seen past), and
 *     every value read is one some setData wrote with that version;
 * <li>every acknowledged setData is in the registers' state at the end;
 * <li>acknowledged sequential creates got unique names, increasing within a session, and their nodes exist at
 *     the end with their data; every node at the end comes from exactly one create.
 * </ul>
 */
final class HistoryChecks {
    /** The error a setData fails with when the version is not the expected one (KeeperException.Code name). */
    static final String BAD_VERSION = "BADVERSION";

    /** One child of the sequential parent at the end. */
    record Child(String data, long czxid) {}

    /** What every server holds once the test is over (they agree; checked elsewhere). */
    record FinalState(Map<String, RegisterModel.State> registers, Map<String, Child> children) {}

    private final List<Op> ops;
    private final Map<String, RegisterModel.State> initial;
    private final String sequentialPrefix;
    private final FinalState end;
    private final List<String> violations = new ArrayList<>();

    /**
     * @param initial each register's state before the clients start
     * @param sequentialPrefix the path sequential creates name, before the number ("/p/seq/q-")
     */
    HistoryChecks(List<Op> ops, Map<String, RegisterModel.State> initial, String sequentialPrefix, FinalState end) {
        this.ops = ops;
        this.initial = initial;
        this.sequentialPrefix = sequentialPrefix;
        this.end = end;
    }

    /**
     * Every violation of session order, sequential consistency, acknowledged writes and sequential creates found
     * (empty: none); linearizability is the {@link Linearizability} checker's, on {@link #registerHistories} and
     * {@link #createHistory}.
     */
    List<String> violations() {
        violations.clear();
        Map<Long, List<Op>> bySession = new LinkedHashMap<>();
        for (Op op : ops) {
            bySession.computeIfAbsent(op.call().session(), s -> new ArrayList<>()).add(op);
        }
        Map<String, Map<Integer, Long>> versionZxids = versionZxids();
        NavigableSet<Long> createZxids = createZxids();
        for (List<Op> session : bySession.values()) {
            session.sort(Comparator.comparingLong(o -> o.call().sessionOrder()));
            checkFifo(session);
            checkWritesInOrder(session);
            checkMonotonicReads(session);
            checkNoReadBehindSeen(session, versionZxids, createZxids);
        }
        checkValuesWereWritten();
        checkAcknowledgedSetsKept();
        checkSequentialCreates(bySession);
        return List.copyOf(violations);
    }

    private void violation(String what, Op... involved) {
        StringBuilder sb = new StringBuilder(what);
        for (Op op : involved) {
            sb.append("\n    ").append(op);
        }
        violations.add(sb.toString());
    }

    private static boolean answered(Op op) {
        return op.completion() >= 0;
    }

    /** A session's answers arrive in the order of its calls. */
    private void checkFifo(List<Op> session) {
        Op previous = null;
        for (Op op : session) {
            if (!answered(op)) {
                continue;
            }
            if (previous != null && op.completion() < previous.completion()) {
                violation("answers out of call order in a session", previous, op);
            }
            previous = op;
        }
    }

    /** A session's acknowledged writes took effect in the order it called them. */
    private void checkWritesInOrder(List<Op> session) {
        Op previous = null;
        for (Op op : session) {
            if (op.ok() && (op.call().kind() == Kind.SET || op.call().kind() == Kind.CREATE)) {
                if (previous != null && op.result().zxid() <= previous.result().zxid()) {
                    violation("a session's writes took effect out of call order (zxids)", previous, op);
                }
                previous = op;
            }
        }
    }

    /**
     * Per node, what a session sees never goes back: a register's version and mzxid (its own acknowledged
     * setData counts as seen), the sequential parent's pzxid and cversion (its own acknowledged creates count).
     */
    private void checkMonotonicReads(List<Op> session) {
        Map<String, Op> latest = new HashMap<>();
        Op parentFloor = null; // the latest stat of the parent, or own create, that a stat must not go below
        long pzxidFloor = -1;
        int cversionFloor = -1;
        for (Op op : session) {
            if (!op.ok()) {
                continue;
            }
            String path = op.call().path();
            switch (op.call().kind()) {
                case GET -> {
                    Op before = latest.get(path);
                    if (before != null && (op.result().version() < before.result().version()
                            || op.result().zxid() < before.result().zxid())) {
                        violation("a read went back to an older version of " + path + " than the session had seen",
                                before, op);
                    }
                    latest.put(path, op);
                }
                case SET -> latest.put(path, op);
                case PARENT_STAT -> {
                    if (op.result().zxid() < pzxidFloor || op.result().cversion() < cversionFloor) {
                        violation("a stat of " + path + " went back in pzxid or cversion", parentFloor, op);
                    }
                    pzxidFloor = Math.max(pzxidFloor, op.result().zxid());
                    cversionFloor = Math.max(cversionFloor, op.result().cversion());
                    parentFloor = op;
                }
                case CREATE -> {
                    pzxidFloor = Math.max(pzxidFloor, op.result().zxid());
                    cversionFloor = Math.max(cversionFloor, sequenceNumber(op.result().created()) + 1);
                    parentFloor = op;
                }
                default -> { }
            }
        }
    }

    /**
     * A session never reads a node older than the zxid it has already seen anywhere: if the node's next version
     * (or the parent's next child) was written at a zxid no later than one the session saw before calling the
     * read, the read must show it. Answers of earlier calls count even if they came later: a server takes a
     * session's requests in order.
     */
    private void checkNoReadBehindSeen(List<Op> session, Map<String, Map<Integer, Long>> versionZxids,
            NavigableSet<Long> createZxids) {
        long seen = -1;
        Op seenAt = null;
        for (Op op : session) {
            if (!op.ok() || op.call().kind() == Kind.SYNC) {
                continue;
            }
            if (seenAt != null) {
                if (op.call().kind() == Kind.GET) {
                    Long nextWritten = versionZxids.getOrDefault(op.call().path(), Map.of())
                            .get(op.result().version() + 1);
                    if (nextWritten != null && nextWritten <= seen) {
                        violation("a read of " + op.call().path() + " missed version " + (op.result().version() + 1)
                                + " (zxid 0x" + Long.toHexString(nextWritten) + ") though the session had seen zxid 0x"
                                + Long.toHexString(seen), seenAt, op);
                    }
                } else if (op.call().kind() == Kind.PARENT_STAT) {
                    Long missed = createZxids.higher(op.result().zxid());
                    if (missed != null && missed <= seen) {
                        violation("a read of " + op.call().path() + " missed a create at zxid 0x"
                                + Long.toHexString(missed) + " though the session had seen zxid 0x"
                                + Long.toHexString(seen), seenAt, op);
                    }
                }
            }
            if (op.result().zxid() > seen) {
                seen = op.result().zxid();
                seenAt = op;
            }
        }
    }

    /** Every version of every register seen, with the zxid that wrote it; two zxids for one version is a fault. */
    private Map<String, Map<Integer, Long>> versionZxids() {
        Map<String, Map<Integer, Long>> out = new HashMap<>();
        Map<String, Map<Integer, Op>> witness = new HashMap<>();
        for (Op op : ops) {
            Kind kind = op.call().kind();
            if (op.ok() && (kind == Kind.SET || kind == Kind.GET) && op.result().version() > 0) {
                String path = op.call().path();
                Long known = out.computeIfAbsent(path, p -> new HashMap<>())
                        .putIfAbsent(op.result().version(), op.result().zxid());
                Op first = witness.computeIfAbsent(path, p -> new HashMap<>()).putIfAbsent(op.result().version(), op);
                if (known != null && known != op.result().zxid()) {
                    violation("version " + op.result().version() + " of " + path + " seen with two mzxids", first, op);
                }
            }
        }
        return out;
    }

    /** The czxid of every create known to have taken effect. */
    private NavigableSet<Long> createZxids() {
        NavigableSet<Long> out = new TreeSet<>();
        for (Op op : ops) {
            if (op.ok() && op.call().kind() == Kind.CREATE) {
                out.add(op.result().zxid());
            }
        }
        end.children().values().forEach(c -> out.add(c.czxid()));
        return out;
    }

    /** Every value read, or acknowledged, at a version is the one a single setData with that version wrote. */
    private void checkValuesWereWritten() {
        Map<String, Op> attempts = new HashMap<>(); // value -> the SET that wrote it
        for (Op op : ops) {
            if (op.call().kind() == Kind.SET) {
                attempts.put(op.call().value(), op);
            }
        }
        Map<String, Map<Integer, Op>> valueAt = new HashMap<>();
        for (Op op : ops) {
            Kind kind = op.call().kind();
            if (!op.ok() || (kind != Kind.SET && kind != Kind.GET)) {
                continue;
            }
            String path = op.call().path();
            int version = op.result().version();
            String value = kind == Kind.SET ? op.call().value() : op.result().data();
            if (kind == Kind.GET) {
                RegisterModel.State start = initial.get(path);
                if (version == start.version()) {
                    if (!value.equals(start.value())) {
                        violation("read " + value + " at the initial version of " + path, op);
                    }
                    continue;
                }
                Op writer = attempts.get(value);
                if (writer == null || !writer.call().path().equals(path)) {
                    violation("read a value no setData of " + path + " wrote", op);
                    continue;
                }
                if (writer.result().outcome() == Outcome.FAIL) {
                    violation("read the value of a setData that failed", writer, op);
                }
                int expected = writer.call().expectedVersion();
                if (expected != -1 && expected + 1 != version) {
                    violation("read a value at another version than its setData could make", writer, op);
                }
            }
            Op first = valueAt.computeIfAbsent(path, p -> new HashMap<>()).putIfAbsent(version, op);
            String firstValue = first == null ? null
                    : first.call().kind() == Kind.SET ? first.call().value() : first.result().data();
            if (first != null && !firstValue.equals(value)) {
                violation("two values for version " + version + " of " + path, first, op);
            }
        }
    }

    /** At the end, each register is at least at the version of every acknowledged setData, with its value if at. */
    private void checkAcknowledgedSetsKept() {
        for (Op op : ops) {
            if (op.ok() && op.call().kind() == Kind.SET) {
                RegisterModel.State last = end.registers().get(op.call().path());
                if (last.version() < op.result().version()) {
                    violation("an acknowledged setData is lost: " + op.call().path() + " is at " + last + " at the end",
                            op);
                } else if (last.version() == op.result().version() && !last.value().equals(op.call().value())) {
                    violation("an acknowledged setData's version holds " + last + " at the end", op);
                }
            }
        }
    }

    private int sequenceNumber(String path) {
        if (!path.startsWith(sequentialPrefix)) {
            throw new IllegalArgumentException(path + " is not a sequential node under " + sequentialPrefix);
        }
        return Integer.parseInt(path.substring(sequentialPrefix.length()));
    }

    private void checkSequentialCreates(Map<Long, List<Op>> bySession) {
        Map<String, Op> byName = new HashMap<>();
        for (Op op : ops) {
            if (op.ok() && op.call().kind() == Kind.CREATE) {
                Op other = byName.putIfAbsent(op.result().created(), op);
                if (other != null) {
                    violation("two acknowledged creates got the same name", other, op);
                }
                Child child = end.children().get(op.result().created());
                if (child == null) {
                    violation("an acknowledged create is gone at the end", op);
                } else if (!child.data().equals(op.call().value())) {
                    violation("an acknowledged create's node holds " + child.data() + " at the end", op);
                }
            }
        }
        for (List<Op> session : bySession.values()) {
            Op previous = null;
            for (Op op : session) {
                if (op.ok() && op.call().kind() == Kind.CREATE) {
                    if (previous != null
                            && sequenceNumber(op.result().created()) <= sequenceNumber(previous.result().created())) {
                        violation("a session's sequential creates got names out of call order", previous, op);
                    }
                    previous = op;
                }
            }
        }
        Map<String, Op> attempts = new HashMap<>();
        for (Op op : ops) {
            if (op.call().kind() == Kind.CREATE) {
                attempts.put(op.call().value(), op);
            }
        }
        Set<String> dataSeen = new HashSet<>();
        for (Map.Entry<String, Child> c : end.children().entrySet()) {
            Op attempt = attempts.get(c.getValue().data());
            if (attempt == null) {
                violations.add("node " + c.getKey() + " holds " + c.getValue().data() + ", which no create wrote");
            } else if (attempt.result().outcome() == Outcome.FAIL) {
                violation("node " + c.getKey() + " comes from a create that failed", attempt);
            }
            if (!dataSeen.add(c.getValue().data())) {
                violations.add("two nodes hold " + c.getValue().data() + ": a create took effect twice");
            }
        }
    }

    /**
     * The registers' histories for the checker, one per register: every setData (an indeterminate one may take
     * effect any time after its call, or never), the reads sent right behind a sync if {@code syncedReads} (a
     * sync then a read span from the sync's call to the read's answer), and the state at the end as a read
     * after everything.
     */
    Map<String, List<Operation<RegisterModel.Input, RegisterModel.Output>>> registerHistories(boolean syncedReads) {
        Map<Integer, Op> byIndex = new HashMap<>();
        long last = 0;
        for (Op op : ops) {
            byIndex.put(op.call().index(), op);
            last = Math.max(last, op.call().start());
            if (op.end() != Operation.NEVER) {
                last = Math.max(last, op.end());
            }
        }
        Map<String, List<Operation<RegisterModel.Input, RegisterModel.Output>>> out = new TreeMap<>();
        for (String path : initial.keySet()) {
            out.put(path, new ArrayList<>());
        }
        for (Op op : ops) {
            String path = op.call().path();
            if (op.call().kind() == Kind.SET) {
                if (op.result().outcome() == Outcome.FAIL && !BAD_VERSION.equals(op.result().error())) {
                    continue; // failed otherwise: took no effect (the workload reports such errors itself)
                }
                RegisterModel.Output output = switch (op.result().outcome()) {
                    case OK -> new RegisterModel.Written(op.result().version());
                    case FAIL -> new RegisterModel.BadVersion();
                    case INFO -> null;
                };
                long ret = output == null ? Operation.NEVER : op.end();
                out.get(path).add(new Operation<>(op.call().index(),
                        new RegisterModel.Write(op.call().expectedVersion(), op.call().value()), output,
                        op.call().start(), ret, op.toString()));
            } else if (syncedReads && op.call().kind() == Kind.GET && op.ok() && op.call().afterSync() >= 0) {
                Op sync = byIndex.get(op.call().afterSync());
                if (sync != null && sync.ok()) {
                    out.get(path).add(new Operation<>(op.call().index(), new RegisterModel.Read(),
                            new RegisterModel.ReadValue(op.result().version(), op.result().data()), sync.call().start(),
                            op.end(), op + " (sync called at " + sync.call().start() + ")"));
                }
            }
        }
        int id = ops.size();
        for (Map.Entry<String, RegisterModel.State> e : end.registers().entrySet()) {
            RegisterModel.State s = e.getValue();
            out.get(e.getKey()).add(new Operation<>(id++, new RegisterModel.Read(),
                    new RegisterModel.ReadValue(s.version(), s.value()), last + 1, last + 2,
                    "the end: " + e.getKey() + " " + s));
        }
        return out;
    }

    /**
     * The sequential creates for the checker: an acknowledged one with the number its name has; an indeterminate
     * one whose node exists at the end with that node's number, taking effect any time after its call; one whose
     * node does not exist took no effect and is left out.
     */
    List<Operation<String, Integer>> createHistory() {
        Map<String, String> nodeByData = new HashMap<>();
        end.children().forEach((path, child) -> nodeByData.put(child.data(), path));
        List<Operation<String, Integer>> out = new ArrayList<>();
        for (Op op : ops) {
            if (op.call().kind() != Kind.CREATE) {
                continue;
            }
            if (op.ok()) {
                out.add(new Operation<>(op.call().index(), op.call().value(), sequenceNumber(op.result().created()),
                        op.call().start(), op.end(), op.toString()));
            } else if (op.result().outcome() == Outcome.INFO && nodeByData.containsKey(op.call().value())) {
                String path = nodeByData.get(op.call().value());
                out.add(new Operation<>(op.call().index(), op.call().value(), sequenceNumber(path),
                        op.call().start(), Operation.NEVER, op + " (found as " + path + ")"));
            }
        }
        return out;
    }
}
