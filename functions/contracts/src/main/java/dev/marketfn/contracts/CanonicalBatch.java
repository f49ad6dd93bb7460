package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The envelope of normalized/checked/adjusted events as a concrete type, so Jackson binds records exactly. */
public record CanonicalBatch(@JsonProperty("records") List<CanonicalRecord> records) {
    public Batch<CanonicalRecord> asBatch() {
        return new Batch<>(records);
    }
}
