package dev.marketfn.indicator;

import dev.marketfn.indicators.IndicatorState;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Native image: engine state is persisted as JSON through Jackson reflection. */
@RegisterForReflection(targets = {IndicatorState.class, IndicatorHandlers.SeriesState.class})
final class ReflectionConfig {
    private ReflectionConfig() {
    }
}
