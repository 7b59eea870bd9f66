package io.arbor.bench.report;

import io.arbor.bench.Measurement;
import io.arbor.bench.RunResult;
import io.arbor.bench.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything a report prints, independent of its format: header facts, one table per workload (every server's value
 * per round, their mean, and the ratio of the second server to the first), and the goals.
 *
 * @param title the report's heading
 * @param facts the header's facts in print order (machine, JDK, disk, settings, ...)
 * @param servers the columns: in a comparison the baseline (ZooKeeper) first, then Arbor
 * @param tables one per workload, in run order
 */
public record ReportData(String title, Map<String, String> facts, List<String> servers, List<Table> tables) {
    public ReportData {
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        servers = List.copyOf(servers);
        tables = List.copyOf(tables);
    }

    /** Whether two servers are compared (a ratio column) rather than one --target measured. */
    public boolean comparison() {
        return servers.size() == 2;
    }

    public String baseline() {
        return servers.get(0);
    }

    public String contender() {
        return servers.get(servers.size() - 1);
    }

    public java.util.Optional<Table> table(String workload) {
        return tables.stream().filter(t -> t.workload().equals(workload)).findFirst();
    }

    /** Builds the tables from the runs, in the order of {@code workloads}. */
    public static ReportData build(String title, Map<String, String> facts, List<String> servers,
            List<Workload> workloads, List<RunResult> runs) {
        List<Table> tables = new ArrayList<>();
        for (Workload w : workloads) {
            List<RunResult> mine = runs.stream().filter(r -> r.workload().equals(w.name())).toList();
            tables.add(Table.of(w.name(), w.title(), w.chartMetrics(), servers, mine));
        }
        return new ReportData(title, facts, servers, tables);
    }

    /**
     * One workload's table.
     *
     * @param notes what the runs said (scaled-down counts, errors, failures), each once
     */
    public record Table(String workload, String title, List<String> chartMetrics, List<Row> rows,
            List<String> notes) {
        public Table {
            chartMetrics = List.copyOf(chartMetrics);
            rows = List.copyOf(rows);
            notes = List.copyOf(notes);
        }

        public java.util.Optional<Row> row(String metric) {
            return rows.stream().filter(r -> r.metric().equals(metric)).findFirst();
        }

        static Table of(String workload, String title, List<String> chartMetrics, List<String> servers,
                List<RunResult> runs) {
            Map<String, Measurement.Better> order = new LinkedHashMap<>();
            for (RunResult r : runs) {
                if (r.result() != null) {
                    for (Measurement m : r.result().measurements()) {
                        order.putIfAbsent(m.name(), m.better());
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<String, Measurement.Better> e : order.entrySet()) {
                Map<String, List<Double>> values = new LinkedHashMap<>();
                for (String server : servers) {
                    List<Double> perRound = new ArrayList<>();
                    runs.stream().filter(r -> r.server().equals(server) && r.result() != null)
                            .sorted(java.util.Comparator.comparingInt(RunResult::round))
                            .forEach(r -> r.result().value(e.getKey()).ifPresent(perRound::add));
                    values.put(server, perRound);
                }
                rows.add(new Row(e.getKey(), e.getValue(), values));
            }
            return new Table(workload, title, chartMetrics, rows, notes(runs, servers));
        }

        /**
         * Notes every run made are printed once; others say which server and round made them, as does every run
         * that has no result.
         */
        private static List<String> notes(List<RunResult> runs, List<String> servers) {
            Map<String, List<String>> whoSaid = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            for (RunResult r : runs) {
                String who = r.server() + " round " + r.round();
                if (r.error() != null) {
                    failures.add(who + ": no result: " + r.error());
                    continue;
                }
                for (String n : r.result().notes()) {
                    whoSaid.computeIfAbsent(n, k -> new ArrayList<>()).add(who);
                }
            }
            List<String> notes = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : whoSaid.entrySet()) {
                notes.add(e.getValue().size() == runs.size() ? e.getKey()
                        : String.join(", ", e.getValue()) + ": " + e.getKey());
            }
            notes.addAll(failures);
            return notes;
        }
    }

    /**
     * One measurement across servers.
     *
     * @param values per server, the value of every round that measured it, in round order
     */
    public record Row(String metric, Measurement.Better better, Map<String, List<Double>> values) {
        public Row {
            Map<String, List<Double>> copy = new LinkedHashMap<>();
            values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            values = java.util.Collections.unmodifiableMap(copy);
        }

        public List<Double> rounds(String server) {
            return values.getOrDefault(server, List.of());
        }

        public OptionalDouble mean(String server) {
            return rounds(server).stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).average();
        }

        /** contender's mean / baseline's mean, when both are there and the baseline is not zero. */
        public OptionalDouble ratio(String contender, String baseline) {
            OptionalDouble c = mean(contender);
            OptionalDouble b = mean(baseline);
            if (c.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(c.getAsDouble() / b.getAsDouble());
        }

        /** Which of the two is ahead on this row ("tie" within 1%), or empty for facts and missing values. */
        public java.util.Optional<String> ahead(String contender, String baseline) {
            OptionalDouble r = ratio(contender, baseline);
            if (better == Measurement.Better.NONE || r.isEmpty()) {
                return java.util.Optional.empty();
            }
            double x = r.getAsDouble();
            if (Math.abs(x - 1) < 0.01) {
                return java.util.Optional.of("tie");
            }
            boolean contenderAhead = better == Measurement.Better.HIGHER ? x > 1 : x < 1;
            return java.util.Optional.of(contenderAhead ? contender : baseline);
        }
    }
}
