package dev.marketfn.launcher;

import picocli.CommandLine.Command;

/** {@code marketfn actions}. */
@Command(name = "actions", mixinStandardHelpOptions = true, description = "Corporate actions.",
        subcommands = {ActionsLoadCommand.class})
final class ActionsCommand extends GroupCommand {
}
