package dev.batchtracker.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a run found, rendered as BENCHMARKS.md: machine, goals, one section per measurement. */
final class Report {

    enum Verdict {
        MET("met"), NOT_MET("**not met**"), NOT_MEASURED("not measured");

        final String text;

        Verdict(String text) {
            this.text = text;
        }

        static Verdict of(boolean met) {
            return met ? MET : NOT_MET;
        }
    }

    record Goal(String figure, String goal, String measured, Verdict verdict) {
    }

    /** A section: free text and tables, in order. */
    static final class Section {
        final String title;
        final List<String> blocks = new ArrayList<>();

        Section(String title) {
            this.title = title;
        }

        Section text(String paragraph) {
            blocks.add(paragraph);
            return this;
        }

        Section table(List<String> header, List<List<String>> rows) {
            StringBuilder sb = new StringBuilder();
            sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
            sb.append("---|".repeat(header.size())).append('\n');
            for (List<String> row : rows) {
                sb.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            blocks.add(sb.toString().stripTrailing());
            return this;
        }
    }

    final List<List<String>> machine = new ArrayList<>();
    final List<Goal> goals = new ArrayList<>();
    final List<Section> sections = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    Section section(String title) {
        Section section = new Section(title);
        sections.add(section);
        return section;
    }

    void goal(String figure, String goal, String measured, Verdict verdict) {
        goals.add(new Goal(figure, goal, measured, verdict));
    }

    /** A harness failure: the figure could not be measured (a smoke run exits non-zero on any). */
    void failure(String what) {
        failures.add(what);
    }

    String markdown(String preface, String appendix) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Benchmarks\n\n").append(preface.strip()).append("\n\n");
        sb.append("## Machine and run\n\n");
        appendTable(sb, List.of("", ""), machine);
        sb.append("\n## Goals\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (Goal g : goals) {
            rows.add(List.of(g.figure(), g.goal(), g.measured(), g.verdict().text));
        }
        appendTable(sb, List.of("figure", "goal", "measured", "verdict"), rows);
        if (!failures.isEmpty()) {
            sb.append("\n**Measurements that failed in this run:**\n\n");
            for (String f : failures) {
                sb.append("- ").append(f.replace("\n", " ")).append('\n');
            }
        }
        for (Section section : sections) {
            sb.append("\n## ").append(section.title).append("\n\n");
            sb.append(String.join("\n\n", section.blocks)).append('\n');
        }
        if (appendix != null && !appendix.isBlank()) {
            sb.append('\n').append(appendix.strip()).append('\n');
        }
        return sb.toString();
    }

    private static void appendTable(StringBuilder sb, List<String> header, List<List<String>> rows) {
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        sb.append("---|".repeat(header.size())).append('\n');
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "–";
        }
        // Small ratios (a database against a map) keep two significant digits instead of rounding to 0.00.
        return value != 0 && Math.abs(value) < 0.01 ? String.format(Locale.ROOT, "%.2g", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "–" : num(value) + " ms";
    }

    static String bytes(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Math.abs(value) >= 10 * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", value / (1024 * 1024));
        }
        if (Math.abs(value) >= 10 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", value / 1024);
        }
        return String.format(Locale.ROOT, "%.0f B", value);
    }
}
