package dev.marketfn.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The results table of a run, written to {@code target/reliability/results.md} (copied into docs/reliability.md). */
final class Results {
    record Row(String fault, String injection, String outcome, String evidence, double seconds) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void add(String fault, String injection, boolean pass, String evidence, double seconds) {
        rows.add(new Row(fault, injection, pass ? "PASS" : "FAIL", evidence, seconds));
        System.out.printf("%n=== %s: %s (%.0f s)%n    %s%n%n", fault, pass ? "PASS" : "FAIL", seconds, evidence);
    }

    synchronized void note(String s) {
        notes.add(s);
    }

    synchronized void write(Path file, String header) throws IOException {
        StringBuilder sb = new StringBuilder(header).append("\n\n");
        sb.append("| fault | how it is injected | result | evidence | time |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(cell(r.fault())).append(" | ").append(cell(r.injection())).append(" | **")
                    .append(r.outcome()).append("** | ").append(cell(r.evidence())).append(" | ")
                    .append(String.format("%.0f s", r.seconds())).append(" |\n");
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        Files.createDirectories(file.getParent());
        // getBytes, not writeString: evidence may quote fuzzed input with lone surrogates, which writeString refuses
        Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", "<br>");
    }
}
