package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.it.ensemble.HistoryChecks.Child;
import io.arbor.it.ensemble.HistoryChecks.FinalState;
import io.arbor.it.ensemble.Linearizability.Verdict;
import io.arbor.it.ensemble.PartitionHistory.Call;
import io.arbor.it.ensemble.PartitionHistory.Kind;
import io.arbor.it.ensemble.PartitionHistory.Op;
import io.arbor.it.ensemble.PartitionHistory.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session checks on histories made by hand: a history that keeps ZooKeeper's promises passes (a stale read
 * in a session that saw nothing newer included), and each kind of broken promise is found.
 */
class HistoryChecksTest {
    private static final String R0 = "/p/r0";
    private static final String R1 = "/p/r1";
    private static final String PARENT = "/p/seq";
    private static final String PREFIX = PARENT + "/q-";
    private static final Map<String, RegisterModel.State> INITIAL = Map.of(
            R0, new RegisterModel.State(0, "init"), R1, new RegisterModel.State(0, "init"));

    private final List<Op> ops = new ArrayList<>();
    private final Map<Long, Long> order = new HashMap<>();
    private final Map<Long, Long> completions = new HashMap<>();
    private final Map<String, RegisterModel.State> endRegisters = new LinkedHashMap<>(INITIAL);
    private final Map<String, Child> endChildren = new LinkedHashMap<>();
    private long time;

    private Op add(long session, Kind kind, String path, int expected, String value, int afterSync, Result result) {
        long start = time += 10;
        long end = time += 5;
        Call call = new Call(ops.size(), (int) session, session, order.merge(session, 1L, Long::sum), kind, path,
                expected, value, afterSync, start);
        Op op = new Op(call, result, end, completions.merge(session, 1L, Long::sum));
        ops.add(op);
        return op;
    }

    private Op set(long session, String path, int expected, String value, Result result) {
        return add(session, Kind.SET, path, expected, value, -1, result);
    }

    private Op get(long session, String path, int version, String value, long mzxid) {
        return add(session, Kind.GET, path, -1, null, -1, Result.ok(version, value, mzxid));
    }

    private Op create(long session, String value, int number, long czxid) {
        String name = String.format("%s%010d", PREFIX, number);
        endChildren.putIfAbsent(name, new Child(value, czxid));
        return add(session, Kind.CREATE, PREFIX, -1, value, -1, Result.created(name, czxid));
    }

    private Op stat(long session, long pzxid, int cversion) {
        return add(session, Kind.PARENT_STAT, PARENT, -1, null, -1, Result.parent(pzxid, cversion));
    }

    private HistoryChecks checks() {
        return new HistoryChecks(ops, INITIAL, PREFIX, new FinalState(endRegisters, endChildren));
    }

    private List<String> violations() {
        return checks().violations();
    }

    /** The same op with its answer numbered {@code completion} in its session. */
    private void renumber(int index, long completion) {
        Op op = ops.get(index);
        ops.set(index, new Op(op.call(), op.result(), op.end(), completion));
    }

    @Test
    void aHistoryThatKeepsThePromisesPasses() {
        set(1, R0, 0, "a", Result.ok(1, null, 0x10));
        get(1, R0, 1, "a", 0x10);
        create(1, "c1", 0, 0x11);
        stat(1, 0x11, 1);
        get(2, R0, 0, "init", 0x5); // stale, but this session has seen nothing newer: allowed
        create(2, "c2", 1, 0x12);
        stat(2, 0x12, 2);
        set(2, R1, 0, "lost", Result.info("CONNECTIONLOSS"));
        set(2, R0, 0, "late", Result.fail(HistoryChecks.BAD_VERSION));
        endRegisters.put(R0, new RegisterModel.State(1, "a"));
        assertThat(violations()).isEmpty();
        assertThat(Linearizability.checkEach(new RegisterModel(new RegisterModel.State(0, "init")),
                checks().registerHistories(true), 10_000).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(Linearizability.check(new SequenceModel(), checks().createHistory(), 10_000).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void answersOutOfCallOrderAreFound() {
        get(1, R0, 0, "init", 0x5);
        get(1, R1, 0, "init", 0x6);
        renumber(0, 2);
        renumber(1, 1);
        assertThat(violations()).singleElement().asString().startsWith("answers out of call order");
    }

    @Test
    void aSessionsWritesTakingEffectOutOfOrderAreFound() {
        set(1, R0, 0, "a", Result.ok(1, null, 0x20));
        set(1, R1, 0, "b", Result.ok(1, null, 0x15));
        endRegisters.put(R0, new RegisterModel.State(1, "a"));
        endRegisters.put(R1, new RegisterModel.State(1, "b"));
        assertThat(violations()).singleElement().asString().startsWith("a session's writes took effect out of");
    }

    @Test
    void aReadGoingBackInASessionIsFound() {
        set(2, R0, 0, "a", Result.ok(1, null, 0x10));
        set(2, R0, 1, "b", Result.ok(2, null, 0x11));
        get(1, R0, 2, "b", 0x11);
        get(1, R0, 1, "a", 0x10);
        assertThat(violations()).anyMatch(v -> v.startsWith("a read went back to an older version of " + R0));
    }

    @Test
    void aReadMissingTheSessionsOwnWriteIsFound() {
        set(1, R0, 0, "a", Result.ok(1, null, 0x10));
        get(1, R0, 0, "init", 0x5);
        assertThat(violations()).anyMatch(v -> v.startsWith("a read went back to an older version of " + R0));
    }

    @Test
    void aReadMissingAWriteOlderThanWhatTheSessionSawElsewhereIsFound() {
        set(2, R0, 0, "a", Result.ok(1, null, 0x10)); // r0 v1 at 0x10
        set(2, R1, 0, "b", Result.ok(1, null, 0x20));
        get(1, R1, 1, "b", 0x20); // session 1 has seen 0x20 ...
        get(1, R0, 0, "init", 0x5); // ... so it must see r0 at v1 (0x10) or later
        endRegisters.put(R0, new RegisterModel.State(1, "a"));
        endRegisters.put(R1, new RegisterModel.State(1, "b"));
        assertThat(violations()).singleElement().asString()
                .startsWith("a read of " + R0 + " missed version 1 (zxid 0x10) though the session had seen zxid 0x20");
    }

    @Test
    void aStatMissingACreateOlderThanWhatTheSessionSawIsFound() {
        create(2, "c1", 0, 0x10);
        set(2, R0, 0, "a", Result.ok(1, null, 0x20));
        get(1, R0, 1, "a", 0x20);
        stat(1, 0x3, 0); // the create at 0x10 is older than what session 1 saw
        endRegisters.put(R0, new RegisterModel.State(1, "a"));
        assertThat(violations()).singleElement().asString().startsWith("a read of " + PARENT + " missed a create");
    }

    @Test
    void aStatGoingBackBelowTheSessionsOwnCreateIsFound() {
        create(1, "c1", 0, 0x10);
        stat(1, 0x3, 0);
        assertThat(violations()).anyMatch(v -> v.startsWith("a stat of " + PARENT + " went back"));
    }

    @Test
    void valuesNoWriteMadeAreFound() {
        get(1, R0, 1, "ghost", 0x10);
        assertThat(violations()).singleElement().asString().startsWith("read a value no setData of " + R0);
    }

    @Test
    void theValueOfAFailedSetDataIsFound() {
        set(1, R0, 0, "x", Result.fail(HistoryChecks.BAD_VERSION));
        get(2, R0, 1, "x", 0x10);
        assertThat(violations()).singleElement().asString().startsWith("read the value of a setData that failed");
    }

    @Test
    void twoValuesForOneVersionAreFound() {
        set(1, R0, 0, "a", Result.ok(1, null, 0x10));
        set(2, R0, 0, "b", Result.info("CONNECTIONLOSS"));
        get(3, R0, 1, "b", 0x10);
        endRegisters.put(R0, new RegisterModel.State(1, "a"));
        assertThat(violations()).singleElement().asString().startsWith("two values for version 1 of " + R0);
    }

    @Test
    void anAcknowledgedSetDataMissingAtTheEndIsFound() {
        set(1, R0, 0, "a", Result.ok(1, null, 0x10));
        set(1, R0, 1, "b", Result.ok(2, null, 0x11));
        endRegisters.put(R0, new RegisterModel.State(1, "a"));
        assertThat(violations()).singleElement().asString().startsWith("an acknowledged setData is lost: " + R0);

        endRegisters.put(R0, new RegisterModel.State(2, "other"));
        assertThat(violations()).anyMatch(v -> v.startsWith("an acknowledged setData's version holds v2=other"));
    }

    @Test
    void brokenSequentialCreatesAreFound() {
        create(1, "c1", 0, 0x10);
        create(1, "c2", 0, 0x11); // the same name again
        assertThat(violations()).anyMatch(v -> v.startsWith("two acknowledged creates got the same name"))
                .anyMatch(v -> v.startsWith("a session's sequential creates got names out of call order"))
                .anyMatch(v -> v.startsWith("an acknowledged create's node holds c1"));

        ops.clear();
        endChildren.clear();
        create(1, "c1", 0, 0x10);
        endChildren.clear(); // gone at the end
        endChildren.put(PREFIX + "0000000001", new Child("stray", 0x11)); // from no create
        endChildren.put(PREFIX + "0000000002", new Child("c1", 0x12)); // c1 a second time
        endChildren.put(PREFIX + "0000000003", new Child("c1", 0x13));
        assertThat(violations()).anyMatch(v -> v.startsWith("an acknowledged create is gone at the end"))
                .anyMatch(v -> v.contains("holds stray, which no create wrote"))
                .anyMatch(v -> v.contains("a create took effect twice"));
    }
}
