package dev.marketfn.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code marketfn}: the local stack and demo CLI. Each command is its own {@code *Command} class, listed in
 * {@code subcommands} below. Exit codes (the same for every command, listed in each {@code --help}):
 * {@value #EXIT_OK} ok, {@value #EXIT_FAILED} failed, {@value #EXIT_USAGE} bad arguments, {@value #EXIT_PARTIAL}
 * some events or rows refused.
 */
@Command(name = "marketfn", mixinStandardHelpOptions = true, version = "marketfn 0.1.0",
        description = "Local stack, demo and tools for the marketfn functions.",
        subcommands = {
                DemoCommand.class,
                StackCommand.class,
                ReplayCommand.class,
                SynthCommand.class,
                PostCommand.class,
                TailCommand.class,
                ActionsCommand.class,
                DeadLettersCommand.class,
                IngestCommand.class,
                BackfillCommand.class,
                LineageCommand.class,
                JobsCommand.class,
                MaintainCommand.class,
                ArchiveCommand.class,
                ArchiveReadCommand.class,
                BacktestCommand.class,
                TrainCommand.class,
        })
public final class Main extends GroupCommand {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** The command could not do its job; a one-line {@code marketfn: …} message on stderr says why. */
    public static final int EXIT_FAILED = 1;
    /** Bad arguments (picocli usage error): the message and the command's usage on stderr. */
    public static final int EXIT_USAGE = 2;
    /** The command ran, but some events or rows were refused (listed on stderr) while the others went through. */
    public static final int EXIT_PARTIAL = 3;

    /** The exit-code section of every {@code --help}. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(EXIT_OK + "", "ok");
        m.put(EXIT_FAILED + "", "failed: unreachable server, unreadable or invalid file, no stack, missing jars, "
                + "nothing accepted (message on stderr)");
        m.put(EXIT_USAGE + "", "bad arguments (usage on stderr)");
        m.put(EXIT_PARTIAL + "", "partly done: some events or rows were refused (non-2xx or rejected reply, "
                + "invalid rows skipped); the others went through");
        m.put("130", "interrupted (Ctrl-C)");
        return m;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, System.getenv(), System.console() != null && System.console().isTerminal(),
                args));
    }

    /** Runs the CLI in-process (the tests use this) and returns the exit code. */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return run(out, err, env, false, args);
    }

    /** As {@link #run(PrintStream, PrintStream, Map, String...)}; {@code terminal}: draw progress bars in place. */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable e = ex;
            if (e instanceof LauncherException || e instanceof IllegalArgumentException) {
                err.println("marketfn: " + e.getMessage());
            } else {
                err.println("marketfn: " + e);
                e.printStackTrace(err);
            }
            return EXIT_FAILED;
        });
        wire(cl, out, err, env, terminal);
        return cl.execute(args);
    }

    private static void wire(CommandLine cl, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        if (cl.getCommand() instanceof Base b) {
            b.out = out;
            b.err = err;
            b.env = env;
            b.terminal = terminal;
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            wire(sub, out, err, env, terminal);
        }
    }

    /** A command that does a job: its streams and environment (set by {@link #run}), and the shared ways it reports. */
    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        PrintStream out = System.out;
        PrintStream err = System.err;
        Map<String, String> env = System.getenv();
        boolean terminal;

        /** A usage error of this command (exit code 2, usage printed). */
        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }

        /** Sends events at {@code rate} with a progress bar, lists refused ones on stderr; returns the exit code. */
        int sendAll(Sender s, List<CloudEvent> events, double rate, String label, Function<CloudEvent, String> name)
                throws InterruptedException {
            Pacer pacer = new Pacer(rate);
            Progress progress = new Progress(out, label, events.size(), terminal, 10);
            for (CloudEvent e : events) {
                pacer.await();
                s.send(e);
                progress.update(s.sent(), s.failed());
            }
            s.flush();
            progress.finish(s.sent(), s.failed());
            return report(s, name);
        }

        /** Lists the first 20 refused events on stderr and the totals on stdout; returns the exit code. */
        int report(Sender s, Function<CloudEvent, String> name) {
            List<Sender.Failure> failures = s.failures();
            failures.stream().limit(20).forEach(f -> err.println(name.apply(f.event()) + ": " + f.message()));
            if (failures.size() > 20) {
                err.println("… and " + (failures.size() - 20) + " more refused");
            }
            out.printf("sent %d event%s to %s: %d accepted, %d refused%n", s.sent(), s.sent() == 1 ? "" : "s", s.describe(),
                    s.sent() - failures.size(), failures.size());
            return s.exitCode();
        }
    }
}
