package dev.marketfn.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What rules remember between invocations (the function scales to zero, so the caller persists this, e.g. as JSON
 * with {@code Json.MAPPER}): per series ({@code provider|symbol|interval}) the recent values of the variables read
 * by prev/crosses and the state of every latch. Maps are sorted so the JSON is stable.
 */
public record RuleState(@JsonProperty("series") Map<String, Series> series) {

    public static final RuleState EMPTY = new RuleState(Map.of());

    public RuleState {
        series = series == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(series));
    }

    public static String seriesKey(IndicatorComputed record) {
        return record.provider() + "|" + record.symbol() + "|" + record.interval();
    }

    public Series get(String seriesKey) {
        return series.get(seriesKey);
    }

    /** This state with one series replaced. */
    public RuleState with(String seriesKey, Series s) {
        Map<String, Series> copy = new TreeMap<>(series);
        copy.put(seriesKey, s);
        return new RuleState(copy);
    }

    /** Just one series, for callers that store state per series row. */
    public RuleState only(String seriesKey) {
        Series s = series.get(seriesKey);
        return s == null ? EMPTY : new RuleState(Map.of(seriesKey, s));
    }

    /**
     * One series after the bar at {@code ts}. {@code values}: per variable, newest first, the value on bar {@code ts}
     * and on the bars before it ({@code null} where it was warming up). {@code latches}: every latch after bar
     * {@code ts}; {@code latchesBefore}: before it, so that a redelivered bar is evaluated exactly as the first time.
     */
    public record Series(
            @JsonProperty("ts") Instant ts,
            @JsonProperty("values") Map<String, List<Double>> values,
            @JsonProperty("latches") Map<String, Boolean> latches,
            @JsonProperty("latches_before") Map<String, Boolean> latchesBefore) {

        public Series {
            ts = ts == null ? null : Timestamps.micros(ts);
            values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(values));
            latches = latches == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(latches));
            latchesBefore = latchesBefore == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new TreeMap<>(latchesBefore));
        }
    }
}
