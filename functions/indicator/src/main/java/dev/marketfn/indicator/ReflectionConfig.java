package dev.marketfn.indicator;

import dev.marketfn.indicators.IndicatorState;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Native image: engine state and applied corporate actions are persisted as JSON through Jackson reflection. */
@RegisterForReflection(targets = {IndicatorState.class, IndicatorHandlers.SeriesState.class,
        IndicatorHandlers.AppliedActions.class, IndicatorHandlers.AppliedAction.class})
final class ReflectionConfig {
    private ReflectionConfig() {
    }
}
