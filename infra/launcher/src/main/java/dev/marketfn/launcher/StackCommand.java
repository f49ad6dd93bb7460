package dev.marketfn.launcher;

import picocli.CommandLine.Command;

/** {@code marketfn stack}: the local stack, {@code up}, {@code down} and {@code status}. */
@Command(name = "stack", mixinStandardHelpOptions = true, description = "Embedded Kafka + PostgreSQL for running functions by hand.",
        subcommands = {StackUpCommand.class, StackDownCommand.class, StackStatusCommand.class})
final class StackCommand extends GroupCommand {
}
