package dev.marketfn.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Parameter conversions shared by the repositories; BigDecimal is encoded to numeric exactly by the pg client. */
final class Sql {
    private Sql() {
    }

    static BigDecimal num(BigDecimal value) {
        return value;
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
