package dev.marketfn.qualitycheck;

import dev.marketfn.quality.SeriesCheckpoint;
import dev.marketfn.quality.SeriesState;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Native image: series state is persisted as JSON through Jackson reflection. */
@RegisterForReflection(targets = {SeriesCheckpoint.class, SeriesState.class})
final class ReflectionConfig {
    private ReflectionConfig() {
    }
}
