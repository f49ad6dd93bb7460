package dev.marketfn.runtime;

import dev.marketfn.contracts.Adjustment;
import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalBatch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.CorporateActionApplied;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.Quality;
import dev.marketfn.contracts.QualityAlert;
import dev.marketfn.contracts.Rejection;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Native image: the payload records are bound by Jackson through reflection. */
@RegisterForReflection(targets = {Adjustment.class, AlphaCall.class, AlphaCall.Rationale.class, AlphaCall.Model.class,
        AlphaCall.Action.class, BarValues.class, Batch.class, CanonicalBatch.class, CanonicalRecord.class,
        CorporateActionAnnounced.class, CorporateActionApplied.class, IndicatorComputed.class, Kind.class,
        Quality.class, QualityAlert.class, Rejection.class})
public final class ReflectionConfig {
    private ReflectionConfig() {
    }
}
