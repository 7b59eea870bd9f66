package io.arbor.bench.report;

import io.arbor.bench.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** Arbor's stated goals against Apache ZooKeeper, and whether a comparison's results meet each. */
public final class Goals {
    public enum Status {
        MET("Met"), NOT_MET("Not met"), NOT_MEASURED("Not measured");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One goal and the verdict.
     *
     * @param evidence the ratios it was judged on, e.g. "create 2.56x, set 2.10x"
     */
    public record Goal(String statement, Status status, String evidence) {
    }

    /** The write workloads, the read workloads, and those whose p99 is compared. */
    static final List<String> WRITES = List.of("create", "set");
    static final List<String> READS = List.of("get", "children");
    static final List<String> LATENCY = List.of("create", "set", "get", "mix", "children");

    private Goals() {
    }

    public static List<Goal> evaluate(ReportData data) {
        if (!data.comparison()) {
            return List.of();
        }
        List<Goal> goals = new ArrayList<>();
        goals.add(atLeast(data, "Writes: at least 2x ZooKeeper's throughput", WRITES, "ops/s", 2.0));
        goals.add(atLeast(data, "Reads: at least 2x ZooKeeper's throughput", READS, "ops/s", 2.0));
        goals.add(atMost(data, "Latency: p99 at most ZooKeeper's", LATENCY, "p99 ms", 1.0));
        goals.add(atMost(data, "Memory: at most half of ZooKeeper's heap per znode", List.of("znodes"),
                "heap bytes/znode", 0.5));
        goals.add(atMost(data, "Restart: at least 2x faster than ZooKeeper", List.of("restart"), "restart s", 0.5));
        return goals;
    }

    private static Goal atLeast(ReportData data, String statement, List<String> workloads, String metric,
            double bound) {
        return judge(data, statement, workloads, metric, bound, true);
    }

    private static Goal atMost(ReportData data, String statement, List<String> workloads, String metric,
            double bound) {
        return judge(data, statement, workloads, metric, bound, false);
    }

    /** Met when every measured workload's ratio (Arbor / ZooKeeper) is on the right side of the bound. */
    private static Goal judge(ReportData data, String statement, List<String> workloads, String metric,
            double bound, boolean atLeast) {
        List<String> evidence = new ArrayList<>();
        boolean allMet = true;
        boolean any = false;
        for (String w : workloads) {
            OptionalDouble ratio = data.table(w).flatMap(t -> t.row(metric))
                    .map(r -> r.ratio(data.contender(), data.baseline())).orElse(OptionalDouble.empty());
            if (ratio.isEmpty()) {
                continue;
            }
            any = true;
            double r = ratio.getAsDouble();
            boolean met = atLeast ? r >= bound : r <= bound;
            allMet &= met;
            evidence.add(String.format(Locale.ROOT, "%s: %s %s", w, metric, Format.ratio(r)));
        }
        String need = String.format(Locale.ROOT, "needs Arbor/ZooKeeper %s %s", atLeast ? ">=" : "<=",
                Format.ratio(bound));
        if (!any) {
            return new Goal(statement, Status.NOT_MEASURED, "not run (" + String.join(", ", workloads) + ")");
        }
        return new Goal(statement, allMet ? Status.MET : Status.NOT_MET, String.join(", ", evidence) + "; " + need);
    }
}
