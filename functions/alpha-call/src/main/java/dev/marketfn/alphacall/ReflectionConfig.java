package dev.marketfn.alphacall;

import dev.marketfn.rules.RuleState;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Native image: rule state is persisted as JSON through Jackson reflection. */
@RegisterForReflection(targets = {RuleState.class, RuleState.Series.class, AlphaCallHandlers.IndicatorBatch.class})
final class ReflectionConfig {
    private ReflectionConfig() {
    }
}
