package dev.marketfn.launcher;

import java.time.Instant;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The stored history a research command reads ({@code backtest}, {@code train}): the symbols' bars of one interval in
 * [--from, --until), as known at --as-of; {@link StoredSeries} reads it.
 */
final class SnapshotOptions {
    /** The default snapshot is this long after --until, so late revisions of the period count. */
    private static final long DEFAULT_LAG_SECONDS = 86_400;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--symbols", required = true, split = ",", paramLabel = "SYM", description = "symbols, comma-separated")
    List<String> symbols;
    @Option(names = "--interval", defaultValue = "1m", description = "bar interval (default: ${DEFAULT-VALUE})")
    String interval;
    @Option(names = "--from", required = true, paramLabel = "TS", description = "first bar start (ISO-8601), inclusive")
    Instant from;
    @Option(names = "--until", required = true, paramLabel = "TS", description = "last bar start, exclusive: no bar at or after it is read")
    Instant until;
    @Option(names = "--as-of", paramLabel = "TS", description = "the snapshot: what was known then (default: --until + 1 day, so late revisions of the period count)")
    Instant asOf;

    /** The snapshot instant; a usage error when the window is empty. */
    Instant snapshot() {
        if (!from.isBefore(until)) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--from must be before --until");
        }
        return asOf != null ? asOf : until.plusSeconds(DEFAULT_LAG_SECONDS);
    }
}
