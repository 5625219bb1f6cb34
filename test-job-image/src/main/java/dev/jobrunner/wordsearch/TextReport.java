package dev.jobrunner.wordsearch;

import java.util.Locale;
import java.util.stream.Collectors;

/** The summary as a report for people, written as {@code report.txt}. */
final class TextReport {

    private static final String ROW = "%10s %10s %14s  %s%n";

    private TextReport() {}

    static String render(Summary summary) {
        var report = new StringBuilder();
        report.append("Word search report\n\n");
        field(report, "word", summary.word() + " (" + summary.matchRule() + ")");
        field(report, "input bucket", summary.inputBucket());
        field(report, "output bucket", summary.outputBucket());
        field(report, "result prefix", summary.resultPrefix());
        field(report, "started", summary.startedAt());
        field(report, "finished", summary.finishedAt());
        report.append('\n').append(summary.message()).append('\n');
        if (!summary.files().isEmpty()) {
            report.append('\n').append(String.format(Locale.ROOT, ROW, "matches", "lines", "bytes", "object"));
            summary.files().forEach(file -> report.append(row(file)));
        }
        return report.toString();
    }

    private static void field(StringBuilder report, String name, String value) {
        report.append(String.format(Locale.ROOT, "%-15s%s%n", name + ":", value));
    }

    private static String row(FileResult file) {
        var size = String.format(Locale.ROOT, "%,d", file.size());
        if (!file.isSearched()) {
            return String.format(Locale.ROOT, ROW, "skipped", "", size, file.key() + "  (" + file.skipReason() + ")");
        }
        var object = file.firstMatchingLines().isEmpty()
                ? file.key()
                : file.key() + "  (first matching lines: "
                        + file.firstMatchingLines().stream()
                                .map(String::valueOf)
                                .collect(Collectors.joining(", ")) + ")";
        return String.format(
                Locale.ROOT,
                ROW,
                String.format(Locale.ROOT, "%,d", file.matches()),
                String.format(Locale.ROOT, "%,d", file.lines()),
                size,
                object);
    }
}
