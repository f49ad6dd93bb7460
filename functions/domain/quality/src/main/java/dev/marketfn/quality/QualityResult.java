package dev.marketfn.quality;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.QualityAlert;
import java.util.List;

/**
 * Outcome of {@link QualityCheck#check}: the record goes on (with {@code quality}) or is rejected. Either way
 * {@code state} is the series state to persist (null only when the record is too malformed to name its series) and
 * {@code alerts} the alerts to store and emit.
 */
public sealed interface QualityResult {
    SeriesState state();

    List<QualityAlert> alerts();

    record Accepted(CanonicalRecord record, SeriesState state, List<QualityAlert> alerts) implements QualityResult {
        public Accepted {
            alerts = List.copyOf(alerts);
        }
    }

    record Rejected(String reason, String field, String detail, SeriesState state, List<QualityAlert> alerts)
            implements QualityResult {
        public Rejected {
            alerts = List.copyOf(alerts);
        }

        /** The rejection as the exception the functions turn into {@code dev.marketfn.rejected.v1}. */
        public InvalidInputException asException() {
            return new InvalidInputException(reason, field, detail);
        }
    }
}
