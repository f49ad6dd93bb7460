package dev.marketfn.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the run found: printed as it goes and written to the results file (also when a phase fails). */
public final class Report {
    private final StringBuilder text = new StringBuilder();
    private final PrintStream out;
    private final Path file;

    public Report(PrintStream out, Path file) {
        this.out = out;
        this.file = file;
    }

    public void line(String s) {
        text.append(s).append('\n');
        out.println(s);
        out.flush();
    }

    public void line(String format, Object... args) {
        line(String.format(Locale.ROOT, format, args));
    }

    /** Progress shown on the console only. */
    public void progress(String format, Object... args) {
        out.println("  . " + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    public String text() {
        return text.toString();
    }

    public void write() throws IOException {
        if (file != null) {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }
}
