package dev.marketfn.bench.e2e;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jfr}: the summary the benchmark prints of a JFR recording, for recordings made by hand. */
@Command(name = "jfr", mixinStandardHelpOptions = true, version = "marketfn e2e-bench 0.1.0", description = "Summarize JFR recordings (settings=profile): CPU samples by library, hottest methods, the project's "
        + "own methods, GC, most allocated types.")
final class JfrCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "recordings (.jfr)")
    List<Path> files;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (Path f : files) {
            out.println("== " + f);
            JfrSummary.summarize(f, 15).forEach(out::println);
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
