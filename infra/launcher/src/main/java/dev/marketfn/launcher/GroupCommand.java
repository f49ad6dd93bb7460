package dev.marketfn.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A command that only groups others ({@code stack}, {@code actions}, …): run alone, a usage error naming them. */
abstract class GroupCommand implements Runnable {
    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                spec.name() + " needs a command: " + String.join(", ", spec.subcommands().keySet()));
    }
}
