package dev.marketfn.bench.e2e;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/** A benchmark run: the options every benchmark has, its output stream, and its exit code from whether it passed. */
abstract class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;
    @Mixin
    RunOptions common;
    PrintStream out = System.out;

    /** Runs the benchmark; whether every check passed. */
    abstract boolean run() throws Exception;

    @Override
    public Integer call() throws Exception {
        return run() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
