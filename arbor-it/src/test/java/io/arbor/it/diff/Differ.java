package io.arbor.it.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.KeeperException;

/**
 * Runs a script step by step against ZooKeeper and Arbor, records one normalised outcome line per step and
 * server, then checks that Arbor's lines are ZooKeeper's (or, for a documented deviation, the line Arbor
 * documents), reporting the first step where they part. On a failure, or with {@code -Darbor.diff.print=true},
 * both transcripts are printed side by side to the test output.
 */
final class Differ {
    private static final int CONTEXT = 12;

    private Differ() {}

    /** Runs {@code steps} on both targets and asserts that Arbor answers every step as expected. */
    static void assertSameOutcomes(String description, List<Step> steps, Target zookeeper, Target arbor)
            throws InterruptedException {
        // step by step on both, so that a step that cannot run leaves both servers with the same history
        List<String> zk = new ArrayList<>(steps.size());
        List<String> ab = new ArrayList<>(steps.size());
        for (Step step : steps) {
            zk.add(outcome(zookeeper, step));
            ab.add(outcome(arbor, step));
        }
        int first = firstMismatch(steps, zk, ab);
        if (first >= 0 || Boolean.getBoolean("arbor.diff.print")) {
            System.out.println(sideBySide(description, steps, zk, ab));
        }
        if (first < 0) {
            return;
        }
        Step step = steps.get(first);
        if (step.arborOutcome() != null) {
            assertThat(ab.get(first))
                    .as("%s%nstep %d of %d: %s, where Arbor differs on purpose from ZooKeeper, which answers %s",
                            description, first + 1, steps.size(), step, zk.get(first))
                    .isEqualTo(step.arborOutcome());
        } else {
            assertThat(ab.get(first))
                    .as("%s%nstep %d of %d: %s%nthe steps before, as ZooKeeper answered them:%n%s",
                            description, first + 1, steps.size(), step, context(steps, zk, first))
                    .isEqualTo(zk.get(first));
        }
    }

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

    /** What Arbor must answer: what ZooKeeper answered, unless the step documents a deviation. */
    private static String expected(Step step, String zookeeperOutcome) {
        return step.arborOutcome() != null ? step.arborOutcome() : zookeeperOutcome;
    }

    private static int firstMismatch(List<Step> steps, List<String> zk, List<String> arbor) {
        for (int i = 0; i < steps.size(); i++) {
            if (!expected(steps.get(i), zk.get(i)).equals(arbor.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Every step with ZooKeeper's outcome, and Arbor's where it is not the expected one. */
    private static String sideBySide(String description, List<Step> steps, List<String> zk, List<String> arbor) {
        StringBuilder sb = new StringBuilder(description).append('\n');
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            boolean ok = expected(step, zk.get(i)).equals(arbor.get(i));
            sb.append(ok ? "   " : "!! ").append(i + 1).append(". ").append(step).append('\n')
                    .append("      ZooKeeper: ").append(zk.get(i)).append('\n');
            if (step.arborOutcome() != null) {
                sb.append("      Arbor, on purpose: ").append(step.arborOutcome()).append('\n');
            }
            if (!ok) {
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
