package io.arbor.bench;

import java.util.List;
import java.util.Locale;

/** How numbers are printed in the report: by what the metric measures. */
public final class Format {
    private Format() {
    }

    public static String number(String metric, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "—";
        }
        if (metric.endsWith("/s") || metric.contains("bytes") || metric.equals("errors") || isCount(metric)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (metric.endsWith("MB")) {
            return String.format(Locale.ROOT, "%,.1f", v);
        }
        if (metric.endsWith("%")) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 1 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static boolean isCount(String metric) {
        return metric.startsWith("znodes") || metric.startsWith("sessions") || metric.startsWith("events")
                || metric.startsWith("writes");
    }

    /** "35,120 (34,900 / 35,340)": the mean, and every round's value when there is more than one. */
    public static String meanAndRounds(String metric, double mean, List<Double> rounds) {
        String m = number(metric, mean);
        if (rounds.size() <= 1) {
            return m;
        }
        StringBuilder sb = new StringBuilder(m).append(" (");
        for (int i = 0; i < rounds.size(); i++) {
            if (i > 0) {
                sb.append(" / ");
            }
            sb.append(number(metric, rounds.get(i)));
        }
        return sb.append(')').toString();
    }

    public static String ratio(double r) {
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            return "—";
        }
        return String.format(Locale.ROOT, r >= 10 ? "%.1fx" : "%.2fx", r);
    }
}
