package dev.marketfn.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of every benchmark: where the functions and the report are, and what the report's header says. */
final class RunOptions {
    @Option(names = "--functions-dir", defaultValue = "functions", paramLabel = "DIR",
            description = "where <f>/target/quarkus-app/quarkus-run.jar live (default: ${DEFAULT-VALUE})")
    Path functionsDir;
    @Option(names = "--state-dir", paramLabel = "DIR", description = "logs of the function processes (default: a new temporary directory)")
    Path stateDir;
    @Option(names = "--jvm-opts", defaultValue = Main.DEFAULT_PIPELINE_JVM, paramLabel = "OPTS",
            description = "JVM options of the measured functions (default: ${DEFAULT-VALUE})")
    String jvmOpts;
    @Option(names = "--out", paramLabel = "FILE", description = "also write the report to FILE")
    Path out;
    @Option(names = "--git-rev", defaultValue = "?", paramLabel = "REV", description = "the revision measured, for the report")
    String gitRev;
    @Option(names = "--note", paramLabel = "TEXT", description = "a line for the report's header")
    String note;

    List<String> jvm() {
        return List.of(jvmOpts.trim().split("\\s+"));
    }

    Path stateDir(String tempPrefix) throws IOException {
        return stateDir != null ? stateDir : Files.createTempDirectory(tempPrefix);
    }

    /** A report to the console and {@code --out}, opened with its title, the machine and the note. */
    Report report(PrintStream console, String title) {
        Report r = new Report(console, out);
        r.line(title);
        Main.machineInfo(gitRev).forEach(r::line);
        if (note != null) {
            r.line("note        " + note);
        }
        return r;
    }
}
