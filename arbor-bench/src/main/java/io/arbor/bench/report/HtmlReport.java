package io.arbor.bench.report;

import io.arbor.bench.Format;
import java.util.Map;
import java.util.OptionalDouble;

/** The report as one self-contained HTML page: the same tables as report.md, with an inline SVG chart per workload. */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(ReportData data) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(data.title())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1em}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px}td.n{text-align:right}")
                .append("th{background:#f2f2f2}.met{color:#1a7f37;font-weight:bold}")
                .append(".notmet{color:#b42318;font-weight:bold}.na{color:#777}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(data.title())).append("</h1>\n<table>");
        for (Map.Entry<String, String> f : data.facts().entrySet()) {
            h.append("<tr><th>").append(esc(f.getKey())).append("</th><td>").append(esc(f.getValue()))
                    .append("</td></tr>");
        }
        h.append("</table>\n");
        if (data.comparison()) {
            h.append("<h2>Goals</h2>\n<table><tr><th>goal</th><th>verdict</th><th>measured (")
                    .append(esc(data.contender() + " / " + data.baseline())).append(")</th></tr>");
            for (Goals.Goal g : Goals.evaluate(data)) {
                String cls = switch (g.status()) {
                    case MET -> "met";
                    case NOT_MET -> "notmet";
                    case NOT_MEASURED -> "na";
                };
                h.append("<tr><td>").append(esc(g.statement())).append("</td><td class=\"").append(cls).append("\">")
                        .append(esc(g.status().text())).append("</td><td>").append(esc(g.evidence()))
                        .append("</td></tr>");
            }
            h.append("</table>\n");
        }
        h.append("<h2>Results</h2>\n");
        for (ReportData.Table t : data.tables()) {
            h.append("<h3>").append(esc(t.workload() + ": " + t.title())).append("</h3>\n");
            h.append(SvgChart.render(data, t)).append('\n');
            h.append(table(data, t));
            if (!t.notes().isEmpty()) {
                h.append("<ul>");
                for (String n : t.notes()) {
                    h.append("<li>").append(esc(n)).append("</li>");
                }
                h.append("</ul>\n");
            }
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String table(ReportData data, ReportData.Table t) {
        StringBuilder h = new StringBuilder("<table><tr><th>metric</th>");
        for (String s : data.servers()) {
            h.append("<th>").append(esc(s)).append("</th>");
        }
        if (data.comparison()) {
            h.append("<th>").append(esc(data.contender() + "/" + data.baseline()))
                    .append("</th><th>better is</th><th>ahead</th>");
        } else {
            h.append("<th>better is</th>");
        }
        h.append("</tr>");
        for (ReportData.Row r : t.rows()) {
            h.append("<tr><td>").append(esc(r.metric())).append("</td>");
            for (String s : data.servers()) {
                OptionalDouble mean = r.mean(s);
                h.append("<td class=\"n\">").append(esc(mean.isPresent()
                        ? Format.meanAndRounds(r.metric(), mean.getAsDouble(), r.rounds(s)) : "—")).append("</td>");
            }
            if (data.comparison()) {
                h.append("<td class=\"n\">")
                        .append(Format.ratio(r.ratio(data.contender(), data.baseline()).orElse(Double.NaN)))
                        .append("</td><td>").append(r.better().word()).append("</td><td>")
                        .append(esc(r.ahead(data.contender(), data.baseline()).orElse(""))).append("</td>");
            } else {
                h.append("<td>").append(r.better().word()).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
        return h.toString();
    }

    private static String esc(String s) {
        return SvgChart.esc(s);
    }
}
