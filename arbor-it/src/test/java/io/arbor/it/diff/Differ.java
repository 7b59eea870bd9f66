package io.arbor.it.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.KeeperException;

/**
 * Runs a script step by step against ZooKeeper and Arbor, records one normalised outcome line per step and
 * server, then checks that Arbor's lines are ZooKeeper's, reporting the first step where they part.
 */
final class Differ {
    private static final int CONTEXT = 12;

    private Differ() {}

    private static String outcome(Target target, Step step) throws InterruptedException {
        try {
            return step.call().run(target.client(step.slot()), target);
        } catch (KeeperException e) {
            String results = e.getResults() == null ? "" : " " + target.normaliser().results(e.getResults());
            return "ERR " + e.code() + results;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // a step the client refuses to send, or a broken step, proves nothing about either server
            throw new AssertionError(target.name() + " could not run step " + step, e);
        }
    }

    /** Runs {@code steps} on both targets and asserts that every outcome is the same. */
    static void assertSameOutcomes(String description, List<Step> steps, Target zookeeper, Target arbor)
            throws InterruptedException {
        // step by step on both, so that a step that cannot run leaves both servers with the same history
        List<String> expected = new ArrayList<>(steps.size());
        List<String> actual = new ArrayList<>(steps.size());
        for (Step step : steps) {
            expected.add(outcome(zookeeper, step));
            actual.add(outcome(arbor, step));
        }
        if (!expected.equals(actual)) {
            System.out.println(sideBySide(description, steps, expected, actual));
        }
        for (int i = 0; i < steps.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                assertThat(actual.get(i))
                        .as("%s%nstep %d of %d: %s%nthe steps before, as ZooKeeper answered them:%n%s",
                                description, i + 1, steps.size(), steps.get(i), context(steps, expected, i))
                        .isEqualTo(expected.get(i));
            }
        }
    }

    /** Every step with both outcomes, differences marked: printed to the test output on a failure. */
    private static String sideBySide(String description, List<Step> steps, List<String> zk, List<String> arbor) {
        StringBuilder sb = new StringBuilder(description).append('\n');
        for (int i = 0; i < steps.size(); i++) {
            boolean same = zk.get(i).equals(arbor.get(i));
            sb.append(same ? "   " : "!! ").append(i + 1).append(". ").append(steps.get(i)).append('\n')
                    .append("      ZooKeeper: ").append(zk.get(i)).append('\n');
            if (!same) {
                sb.append("      Arbor:     ").append(arbor.get(i)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String context(List<Step> steps, List<String> outcomes, int upTo) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, upTo - CONTEXT); i < upTo; i++) {
            sb.append("  ").append(i + 1).append(". ").append(steps.get(i)).append(" -> ")
                    .append(outcomes.get(i)).append('\n');
        }
        return sb.toString();
    }
}
