package dev.marketfn.bars;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The part of a trade a bar needs. {@code eligible} = the trade may set the last price
 * ({@link CanonicalRecord#mayTradeSetLast()}); an ineligible trade (odd lot, average price, Form T, ...) counts in
 * volume, trade_count and vwap but not in open/high/low/close.
 */
public record TradeTick(String eventId, Instant ts, long seq, BigDecimal price, BigDecimal size, boolean eligible) {

    /** Event-time order, independent of arrival: time, then provider sequence, then event_id. */
    public static final Comparator<TradeTick> EVENT_ORDER = Comparator.comparing(TradeTick::ts)
            .thenComparingLong(TradeTick::seq).thenComparing(TradeTick::eventId);

    public TradeTick {
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(size, "size");
        if (size.signum() < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
    }

    public static TradeTick of(CanonicalRecord trade) {
        if (trade.kind() != Kind.TRADE) {
            throw new IllegalArgumentException("not a trade: " + trade.kind());
        }
        return new TradeTick(trade.eventId(), trade.ts(), trade.seq(), trade.price(), trade.size(),
                trade.mayTradeSetLast());
    }
}
