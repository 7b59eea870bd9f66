package io.arbor.bench.report;

import io.arbor.bench.Format;
import io.arbor.bench.Measurement;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** A workload's chart as inline SVG: for each of its chart metrics a panel of bars, one per server, side by side. */
public final class SvgChart {
    static final int PANEL_WIDTH = 300;
    static final int HEIGHT = 220;
    private static final int TOP = 40;
    private static final int BOTTOM = 30;
    private static final List<String> COLORS = List.of("#8a9bb0", "#2e8b57", "#4a7fb5");

    private SvgChart() {
    }

    public static String render(ReportData data, ReportData.Table table) {
        List<String> metrics = table.chartMetrics();
        int width = PANEL_WIDTH * Math.max(1, metrics.size());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, HEIGHT, width, HEIGHT,
                esc(table.workload() + ": " + String.join(", ", metrics))));
        for (int i = 0; i < metrics.size(); i++) {
            svg.append(panel(data, table, metrics.get(i), i * PANEL_WIDTH));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String panel(ReportData data, ReportData.Table table, String metric, int x0) {
        StringBuilder g = new StringBuilder();
        var row = table.row(metric);
        String direction = row.map(r -> r.better() == Measurement.Better.NONE ? ""
                : " (" + r.better().word() + " is better)").orElse("");
        g.append(text(x0 + PANEL_WIDTH / 2, 18, esc(metric + direction), "middle", 13, "bold"));
        List<String> servers = data.servers();
        double max = 0;
        for (String s : servers) {
            max = Math.max(max, row.flatMap(r -> box(r.mean(s))).orElse(0.0));
        }
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int baseY = HEIGHT - BOTTOM;
        g.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                x0 + 20, baseY, x0 + PANEL_WIDTH - 20, baseY));
        int slot = (PANEL_WIDTH - 40) / servers.size();
        int barWidth = Math.min(80, slot - 30);
        for (int i = 0; i < servers.size(); i++) {
            String server = servers.get(i);
            int cx = x0 + 20 + slot * i + slot / 2;
            java.util.Optional<Double> v = row.flatMap(r -> box(r.mean(server)));
            g.append(text(cx, baseY + 18, esc(server), "middle", 12, "normal"));
            if (v.isEmpty() || max <= 0) {
                g.append(text(cx, baseY - 6, v.isEmpty() ? "no data" : Format.number(metric, v.get()), "middle", 12,
                        "normal"));
                continue;
            }
            int h = (int) Math.round(plotHeight * v.get() / (max * 1.1));
            String color = COLORS.get(servers.size() == 1 ? 2 : Math.min(i, 1));
            g.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>",
                    cx - barWidth / 2, baseY - h, barWidth, h, color, esc(server),
                    esc(Format.number(metric, v.get()))));
            g.append(text(cx, baseY - h - 5, esc(Format.number(metric, v.get())), "middle", 12, "normal"));
        }
        return g.toString();
    }

    private static java.util.Optional<Double> box(OptionalDouble d) {
        return d.isPresent() ? java.util.Optional.of(d.getAsDouble()) : java.util.Optional.empty();
    }

    private static String text(int x, int y, String s, String anchor, int size, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\""
                + " font-weight=\"%s\" font-family=\"sans-serif\">%s</text>", x, y, anchor, size, weight, s);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
