package dev.marketfn.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Parameter conversions shared by the repositories; BigDecimal is encoded to numeric exactly by the pg client. */
final class Sql {
    private Sql() {
    }

    static BigDecimal num(BigDecimal value) {
        return value;
    }

    /**
     * Text that came from outside (CloudEvent attributes, rejection details quoting input). PostgreSQL {@code text}
     * cannot hold U+0000: such a value would fail the insert, the request would answer 5xx and the broker would
     * retry the same input forever. The character is written as the six visible characters backslash, u, 0000 instead.
     */
    static String text(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", "\\u0000");
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /**
     * The first row of each key, in order. One statement cannot write the same row twice (an upsert fails, a gated
     * insert joined back to its input counts it twice); a repeated event carries the same fields, so the first stands,
     * as it would row by row.
     */
    static <T> List<T> firstPerKey(List<T> rows, Function<T, String> key) {
        Map<String, T> first = new LinkedHashMap<>();
        for (T row : rows) {
            first.putIfAbsent(key.apply(row), row);
        }
        return new ArrayList<>(first.values());
    }
}
