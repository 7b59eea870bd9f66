package io.arbor.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import io.arbor.it.ensemble.Linearizability.Operation;
import io.arbor.it.ensemble.Linearizability.Result;
import io.arbor.it.ensemble.Linearizability.Verdict;
import io.arbor.it.ensemble.RegisterModel.BadVersion;
import io.arbor.it.ensemble.RegisterModel.Input;
import io.arbor.it.ensemble.RegisterModel.Output;
import io.arbor.it.ensemble.RegisterModel.Read;
import io.arbor.it.ensemble.RegisterModel.ReadValue;
import io.arbor.it.ensemble.RegisterModel.Write;
import io.arbor.it.ensemble.RegisterModel.Written;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The linearizability checker on histories made by hand, whose verdict is known: it must accept what has an
 * order, reject the classic violations (a stale read after a completed write, two compare-and-sets on one
 * version), and give up, not pass, when its budget runs out.
 */
class LinearizabilityTest {
    private static final long NEVER = Operation.NEVER;
    private static final RegisterModel REGISTER = new RegisterModel(new RegisterModel.State(0, "init"));
    private static final long BUDGET = 1_000_000;

    private final List<Operation<Input, Output>> history = new ArrayList<>();

    private void write(int expected, String value, Output answer, long call, long ret) {
        history.add(new Operation<>(history.size(), new Write(expected, value), answer, call, ret, null));
    }

    private void read(int version, String value, long call, long ret) {
        history.add(new Operation<>(history.size(), new Read(), new ReadValue(version, value), call, ret, null));
    }

    private Result check() {
        return Linearizability.check(REGISTER, history, BUDGET);
    }

    @Test
    void aSequentialHistoryIsLinearizable() {
        write(0, "a", new Written(1), 0, 10);
        read(1, "a", 20, 30);
        write(1, "b", new Written(2), 40, 50);
        write(1, "c", new BadVersion(), 60, 70);
        read(2, "b", 80, 90);
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void concurrentOperationsMayTakeEffectInAnotherOrderThanTheirCalls() {
        read(2, "b", 0, 100); // called first, but it reads what the two writes below made
        write(0, "a", new Written(1), 10, 40);
        write(1, "b", new Written(2), 20, 50); // called before the first write returned
        read(1, "a", 5, 30); // between the two writes
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aStaleReadAfterACompletedWriteIsNotLinearizable() {
        write(0, "a", new Written(1), 0, 10);
        read(0, "init", 20, 30); // the write had returned before this read was called
        Result r = check();
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(r.explanation()).contains("get -> v0=init");
    }

    @Test
    void twoCompareAndSetsOnOneVersionCannotBothSucceed() {
        write(0, "a", new Written(1), 0, 10);
        write(0, "b", new Written(1), 5, 15);
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aBadVersionWhileTheVersionWasTheExpectedOneIsNotLinearizable() {
        write(0, "a", new Written(1), 0, 10);
        write(1, "b", new BadVersion(), 20, 30);
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void readingAValueNoWriteWroteIsNotLinearizable() {
        write(0, "a", new Written(1), 0, 10);
        read(1, "z", 20, 30);
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aWriteWithoutAnswerMayTakeEffectLateOrNever() {
        write(0, "lost", null, 0, NEVER);
        read(0, "init", 10, 20); // not yet
        read(1, "lost", 30, 40); // now it has
        assertThat(check().verdict()).as("took effect after the first read").isEqualTo(Verdict.LINEARIZABLE);

        history.clear();
        write(0, "lost", null, 0, NEVER);
        write(0, "other", new Written(1), 10, 20); // the lost one never took effect
        read(1, "other", 30, 40);
        assertThat(check().verdict()).as("never took effect").isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aWriteWithoutAnswerTakesEffectAtMostOnce() {
        write(0, "lost", null, 0, NEVER);
        read(1, "lost", 10, 20);
        read(0, "init", 30, 40); // it cannot be undone
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void theSearchBacktracksFromAnEarlyChoiceThatFailsLater() {
        // the write is called first and tried first, which leaves no place for the read: only undoing that
        // choice (the read, then the write, then the failed compare-and-set) finds the order
        write(0, "a", new Written(1), 0, 50);
        read(0, "init", 5, 15);
        write(0, "b", new BadVersion(), 10, 20);
        assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void runningOutOfBudgetIsNotAPass() {
        // many writes that may or may not have happened, then a read no order can give: a large search
        for (int i = 0; i < 20; i++) {
            write(i % 3, "w" + i, null, i, NEVER);
        }
        read(7, "impossible", 100, 110);
        Result small = Linearizability.check(REGISTER, history, 1_000);
        assertThat(small.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(small.ok()).isFalse();
        assertThat(small.explanation()).contains("more than 1000 steps");
    }

    @Test
    void aViolationInOnePartitionFailsTheWhole() {
        List<Operation<Input, Output>> good = List.of(
                new Operation<>(0, new Write(0, "a"), new Written(1), 0, 10, null));
        List<Operation<Input, Output>> bad = List.of(
                new Operation<>(0, new Write(0, "a"), new Written(1), 0, 10, null),
                new Operation<>(1, new Read(), new ReadValue(0, "init"), 20, 30, null));
        Result r = Linearizability.checkEach(REGISTER, Map.of("/good", good, "/bad", bad), BUDGET);
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(r.explanation()).startsWith("partition /bad");
    }

    @Test
    void sequentialNumbersFollowRealTime() {
        SequenceModel model = new SequenceModel();
        List<Operation<String, Integer>> ok = List.of(
                new Operation<>(0, "a", 0, 0, 10, null),
                new Operation<>(1, "b", 2, 5, 30, null), // concurrent with c
                new Operation<>(2, "c", 1, 6, 20, null),
                new Operation<>(3, "lost", 3, 15, NEVER, null)); // found at the end with number 3
        assertThat(Linearizability.check(model, ok, BUDGET).verdict()).isEqualTo(Verdict.LINEARIZABLE);

        List<Operation<String, Integer>> reversed = List.of(
                new Operation<>(0, "a", 1, 0, 10, null),
                new Operation<>(1, "b", 0, 20, 30, null)); // called after a returned, yet numbered before it
        assertThat(Linearizability.check(model, reversed, BUDGET).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);

        List<Operation<String, Integer>> gap = List.of(
                new Operation<>(0, "a", 0, 0, 10, null),
                new Operation<>(1, "b", 2, 20, 30, null)); // number 1 went to no create
        assertThat(Linearizability.check(model, gap, BUDGET).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }
}
