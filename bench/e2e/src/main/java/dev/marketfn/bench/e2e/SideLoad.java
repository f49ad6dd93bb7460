package dev.marketfn.bench.e2e;

import java.util.List;

/**
 * A component run beside the pipeline during one saturation phase, so that what it costs the pipeline is measured
 * in the same run as a phase without it (docs/performance.md, "Side loads"): the raw archiver ({@link ArchiveLoad})
 * and the live console with its browsers ({@link ConsoleLoad}).
 */
interface SideLoad extends AutoCloseable {
    /** The name of the phase it runs in, e.g. {@code with-archive}. */
    String phase();

    /** One line saying what runs beside the pipeline. */
    String describe();

    /** Starts it; called before the phase's first send (its own set-up is not part of the phase). */
    void start() throws Exception;

    /** Called once the phase drained: what it did, as report lines, and whether its own checks held. Stops it. */
    Outcome finish(double phaseSeconds) throws Exception;

    record Outcome(List<String> lines, boolean ok) {
    }

    @Override
    void close();

    static SideLoad of(String name, SideLoadContext context) {
        return switch (name) {
            case "archive" -> new ArchiveLoad(context);
            case "console" -> new ConsoleLoad(context);
            default -> throw new IllegalArgumentException("side load is archive or console, not " + name);
        };
    }
}
