package io.arbor.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in nanoseconds, in milliseconds. */
public final class Latency {
    /** The longest latency a histogram holds; anything longer is recorded as this (a minute). */
    public static final long HIGHEST_NANOS = 60_000_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    private Latency() {
    }

    public static long clamp(long nanos) {
        return Math.max(1, Math.min(nanos, HIGHEST_NANOS));
    }

    public static double percentileMillis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }

    /** The rows p50, p99 and p99.9 (ms, lower is better) of a histogram. */
    public static List<Measurement> percentiles(Histogram h) {
        return List.of(
                Measurement.lower("p50 ms", percentileMillis(h, 50)),
                Measurement.lower("p99 ms", percentileMillis(h, 99)),
                Measurement.lower("p99.9 ms", percentileMillis(h, 99.9)));
    }
}
