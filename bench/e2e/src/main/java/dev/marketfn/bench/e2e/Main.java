package dev.marketfn.bench.e2e;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar e2e-bench.jar e2e|http|jfr [options]}: the end-to-end benchmark ({@link E2eCommand}), the HTTP-door
 * comparison under wrk ({@link HttpBench}) and the JFR summary ({@link JfrCommand}). See docs/performance.md.
 */
@Command(name = "e2e-bench.jar", mixinStandardHelpOptions = true, version = "marketfn e2e-bench 0.1.0",
        description = "The marketfn benchmarks; bench/run-e2e.sh and bench/run-http.sh run them.",
        subcommands = {E2eCommand.class, HttpBench.class, JfrCommand.class})
public final class Main implements Runnable {
    static final String DEFAULT_STARTUP_JVM = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx384m -Xshare:auto";
    static final String DEFAULT_PIPELINE_JVM = "-XX:+UseSerialGC -Xmx384m -Xshare:auto";

    /** Every check passed. */
    static final int EXIT_OK = 0;
    /** A check failed, or the run did (the report says which). */
    static final int EXIT_FAILED = 1;
    /** Bad arguments (usage on stderr). */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a benchmark is required: " + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs a benchmark in-process (the smoke test uses this); returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(EXIT_OK + "", "every check passed");
        codes.put(EXIT_FAILED + "", "a check failed or the run did (see the report)");
        codes.put(EXIT_USAGE + "", "bad arguments (usage on stderr)");
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
            if (sub.getCommand() instanceof BenchCommand b) {
                b.out = out;
            }
        }
        return cl.execute(args);
    }

    static List<String> machineInfo(String gitRev) {
        List<String> l = new ArrayList<>();
        l.add("date        " + Instant.now().atOffset(ZoneOffset.UTC));
        l.add("machine     " + Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + Procs.cpuModel()
                + ", RAM " + Procs.memTotal());
        l.add("os          " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        l.add("jdk         " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        l.add("git         " + gitRev);
        l.add("load avg    " + Procs.loadAverage() + " (at start)");
        return l;
    }
}
