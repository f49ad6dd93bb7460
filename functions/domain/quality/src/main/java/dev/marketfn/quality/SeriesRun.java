package dev.marketfn.quality;

import java.util.List;

/**
 * Outcome of {@link QualityCheck#checkSeries}: one result per record, in the order given, and the checkpoint to
 * persist (null only when no record named the series).
 */
public record SeriesRun(List<QualityResult> results, SeriesCheckpoint checkpoint) {
    public SeriesRun {
        results = List.copyOf(results);
    }
}
