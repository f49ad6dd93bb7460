package dev.marketfn.rules;

import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Timestamps;

/** {@code signal_id}: a function of the bar alone, so re-evaluating a redelivered bar yields the same id. */
public final class SignalIds {
    public static final String STEP = "alpha-call";

    private SignalIds() {
    }

    public static String of(IndicatorComputed record) {
        return EventIds.derive(record.provider() + "|" + record.symbol() + "|" + record.interval() + "|"
                + Timestamps.format(record.ts()), STEP);
    }
}
