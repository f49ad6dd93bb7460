package dev.marketfn.contracts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/** Structural validation of canonical records received by a function: every failure names its field. */
public final class RecordValidation {
    public static final Set<String> INTERVALS = Set.of("1s", "1m", "5m", "1h", "1d");

    private RecordValidation() {
    }

    /** Validates a whole envelope; the first failure is reported with its {@code records[i].field} path. */
    public static void validate(Batch<CanonicalRecord> batch) {
        if (batch == null || batch.records() == null) {
            throw InvalidInputException.missing("records");
        }
        List<CanonicalRecord> records = batch.records();
        for (int i = 0; i < records.size(); i++) {
            try {
                validate(records.get(i));
            } catch (InvalidInputException e) {
                throw e.under("records[" + i + "]");
            }
        }
    }

    public static void validate(CanonicalRecord r) {
        if (r == null) {
            throw InvalidInputException.missing("record");
        }
        require(r.eventId(), "event_id");
        require(r.kind(), "kind");
        require(r.provider(), "provider");
        require(r.symbol(), "symbol");
        require(r.ts(), "ts");
        switch (r.kind()) {
            case TRADE -> {
                require(r.price(), "price");
                require(r.size(), "size");
            }
            case QUOTE -> {
                require(r.bid(), "bid");
                require(r.ask(), "ask");
            }
            case BAR -> {
                require(r.interval(), "interval");
                if (!INTERVALS.contains(r.interval())) {
                    throw new InvalidInputException(RejectReason.INVALID_VALUE, "interval",
                            "'" + r.interval() + "' is not one of " + INTERVALS);
                }
                require(r.open(), "open");
                require(r.high(), "high");
                require(r.low(), "low");
                require(r.close(), "close");
                require(r.volume(), "volume");
            }
        }
        requireDecimalsInRange(r);
    }

    /**
     * Every decimal of the record within {@link Decimals}' range ({@code OUT_OF_RANGE} naming the field): a record
     * bound from JSON is not normalized, and {@code 1e999999999} would otherwise fail later as an overflow.
     */
    public static void requireDecimalsInRange(CanonicalRecord r) {
        Decimals.requireInRange(r.price(), "price");
        Decimals.requireInRange(r.size(), "size");
        Decimals.requireInRange(r.bid(), "bid");
        Decimals.requireInRange(r.ask(), "ask");
        Decimals.requireInRange(r.bidSize(), "bid_size");
        Decimals.requireInRange(r.askSize(), "ask_size");
        Decimals.requireInRange(r.open(), "open");
        Decimals.requireInRange(r.high(), "high");
        Decimals.requireInRange(r.low(), "low");
        Decimals.requireInRange(r.close(), "close");
        Decimals.requireInRange(r.volume(), "volume");
        Decimals.requireInRange(r.vwap(), "vwap");
        if (r.adjustment() != null) {
            Decimals.requireInRange(r.adjustment().factor(), "adjustment.factor");
            Decimals.requireInRange(r.adjustment().volumeFactor(), "adjustment.volume_factor");
        }
    }

    private static void require(Object value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw InvalidInputException.missing(field);
        }
    }

    /** A price must be strictly positive. */
    public static void requirePositive(BigDecimal value, String field) {
        if (value != null && value.signum() <= 0) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, field, "must be > 0, was " + Decimals.describe(value));
        }
    }

    /** A size or volume must not be negative. */
    public static void requireNonNegative(BigDecimal value, String field) {
        if (value != null && value.signum() < 0) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, field, "must be >= 0, was " + Decimals.describe(value));
        }
    }
}
