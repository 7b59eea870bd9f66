package io.arbor.bench.report;

import io.arbor.bench.Format;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The report as Markdown: what bin/arbor bench prints and writes as report.md. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(ReportData data) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(data.title()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        for (Map.Entry<String, String> f : data.facts().entrySet()) {
            md.append("| ").append(cell(f.getKey())).append(" | ").append(cell(f.getValue())).append(" |\n");
        }
        md.append('\n');
        if (data.comparison()) {
            md.append("## Goals\n\n");
            md.append("| goal | verdict | measured (").append(data.contender()).append(" / ")
                    .append(data.baseline()).append(") |\n|---|---|---|\n");
            for (Goals.Goal g : Goals.evaluate(data)) {
                md.append("| ").append(cell(g.statement())).append(" | **").append(g.status().text()).append("** | ")
                        .append(cell(g.evidence())).append(" |\n");
            }
            md.append('\n');
        }
        md.append("## Results\n\n");
        md.append(data.comparison()
                ? "Each value is the mean of the rounds, with every round's value in parentheses when there are"
                        + " several; in each round "
                        + data.baseline() + " ran first, then " + data.contender() + ", each started fresh. "
                        + "The ratio is " + data.contender() + " / " + data.baseline()
                        + "; \"better is\" says which direction wins for that row.\n\n"
                : "Each value is the mean of the rounds, with every round's value in parentheses when there are"
                        + " several.\n\n");
        for (ReportData.Table t : data.tables()) {
            md.append("### ").append(t.workload()).append(": ").append(t.title()).append("\n\n");
            md.append(table(data, t));
            for (String n : t.notes()) {
                md.append("- ").append(n).append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    static String table(ReportData data, ReportData.Table t) {
        StringBuilder md = new StringBuilder("| metric |");
        for (String s : data.servers()) {
            md.append(' ').append(cell(s)).append(" |");
        }
        if (data.comparison()) {
            md.append(' ').append(cell(data.contender() + "/" + data.baseline())).append(" | better is | ahead |\n");
            md.append("|---|---:|---:|---:|---|---|\n");
        } else {
            md.append(" better is |\n|---|---:|---|\n");
        }
        if (t.rows().isEmpty()) {
            md.append("| (no results) |").append(" |".repeat(data.comparison() ? 5 : 2)).append('\n');
        }
        for (ReportData.Row r : t.rows()) {
            md.append("| ").append(cell(r.metric())).append(" |");
            for (String s : data.servers()) {
                OptionalDouble mean = r.mean(s);
                md.append(' ').append(mean.isPresent()
                        ? Format.meanAndRounds(r.metric(), mean.getAsDouble(), r.rounds(s)) : "—").append(" |");
            }
            if (data.comparison()) {
                md.append(' ').append(Format.ratio(r.ratio(data.contender(), data.baseline()).orElse(Double.NaN)))
                        .append(" | ").append(r.better().word()).append(" | ")
                        .append(r.ahead(data.contender(), data.baseline()).orElse("")).append(" |\n");
            } else {
                md.append(' ').append(r.better().word()).append(" |\n");
            }
        }
        md.append('\n');
        return md.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** The columns of a comparison table, as tests read them. */
    static List<String> comparisonColumns(ReportData data) {
        return List.of("metric", data.baseline(), data.contender(), data.contender() + "/" + data.baseline(),
                "better is", "ahead");
    }
}
