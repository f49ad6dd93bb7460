package dev.marketfn.launcher;

import picocli.CommandLine.Command;

/** {@code marketfn dead-letters}. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "The dead letters the dead-letter function kept in rejected_events (docs/dead-letter.md).",
        subcommands = {DeadLettersReplayCommand.class})
final class DeadLettersCommand extends GroupCommand {
}
