package io.arbor.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What one run of a workload on one server measured: the rows of its report table, counters that tests and the raw
 * results file use (totals including warm-up, e.g. znodes created), and notes worth printing.
 */
public record WorkloadResult(List<Measurement> measurements, Map<String, Long> counters, List<String> notes) {
    public WorkloadResult {
        measurements = List.copyOf(measurements);
        counters = Map.copyOf(counters);
        notes = List.copyOf(notes);
    }

    public OptionalDouble value(String name) {
        return measurements.stream().filter(m -> m.name().equals(name)).mapToDouble(Measurement::value).findFirst();
    }

    public long counter(String name) {
        Long v = counters.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no counter " + name + " in " + counters.keySet());
        }
        return v;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a result in the order its rows should be printed. */
    public static final class Builder {
        private final List<Measurement> measurements = new ArrayList<>();
        private final Map<String, Long> counters = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();

        public Builder add(Measurement m) {
            measurements.add(m);
            return this;
        }

        public Builder addAll(List<Measurement> ms) {
            measurements.addAll(ms);
            return this;
        }

        public Builder counter(String name, long value) {
            counters.put(name, value);
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        public WorkloadResult build() {
            return new WorkloadResult(measurements, counters, notes);
        }
    }
}
