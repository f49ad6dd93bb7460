package dev.marketfn.bars;

import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/**
 * The exact, order-independent aggregate of the trades of one window: an immutable value with
 * {@link #add(TradeTick)} and an associative, commutative {@link #merge(BarAccumulator)} whose identity is
 * {@link #EMPTY}. Adding the same set of distinct trades in any order, or merging partial aggregates of a partition of
 * it in any grouping, yields an equal accumulator.
 *
 * <ul>
 *   <li>open/close: the first/last <b>eligible</b> trade in event order (ts, then seq, then event_id);
 *       {@code open_ts/open_seq/open_event_id} and the close equivalents are kept so a merge can decide.</li>
 *   <li>high/low: over eligible trades.</li>
 *   <li>volume, trade_count, pv_sum (Σ price·size) and so vwap: over <b>all</b> trades, ineligible ones included
 *       (docs/contract/bars.md: they count in volume but not in open/high/low/close).</li>
 * </ul>
 *
 * A window holding only ineligible trades has volume, trade_count and vwap but null open/high/low/close.
 * All arithmetic is exact BigDecimal; only {@link #vwap()} divides (rounded to {@link #VWAP_SCALE} places, HALF_UP).
 * The fields map one-to-one onto the columns the SQL merge needs.
 */
public final class BarAccumulator {
    /** Decimal places of vwap = pv_sum / volume, rounded half up (SQL: {@code round(pv_sum / volume, 10)}). */
    public static final int VWAP_SCALE = 10;

    public static final BarAccumulator EMPTY = new BarAccumulator(null, null, 0, null, null, null, null, null, 0,
            null, BigDecimal.ZERO, BigDecimal.ZERO, 0, null, null);

    private final BigDecimal open;
    private final Instant openTs;
    private final long openSeq;
    private final String openEventId;
    private final BigDecimal high;
    private final BigDecimal low;
    private final BigDecimal close;
    private final Instant closeTs;
    private final long closeSeq;
    private final String closeEventId;
    private final BigDecimal volume;
    private final BigDecimal pvSum;
    private final long tradeCount;
    private final Instant firstTs;
    private final Instant lastTs;

    private BarAccumulator(BigDecimal open, Instant openTs, long openSeq, String openEventId, BigDecimal high,
            BigDecimal low, BigDecimal close, Instant closeTs, long closeSeq, String closeEventId, BigDecimal volume,
            BigDecimal pvSum, long tradeCount, Instant firstTs, Instant lastTs) {
        this.open = open;
        this.openTs = openTs;
        this.openSeq = openSeq;
        this.openEventId = openEventId;
        this.high = high;
        this.low = low;
        this.close = close;
        this.closeTs = closeTs;
        this.closeSeq = closeSeq;
        this.closeEventId = closeEventId;
        this.volume = volume;
        this.pvSum = pvSum;
        this.tradeCount = tradeCount;
        this.firstTs = firstTs;
        this.lastTs = lastTs;
    }

    /** The aggregate of one trade. */
    public static BarAccumulator of(TradeTick t) {
        BigDecimal pv = t.price().multiply(t.size());
        if (!t.eligible()) {
            return new BarAccumulator(null, null, 0, null, null, null, null, null, 0, null, t.size(), pv, 1, t.ts(),
                    t.ts());
        }
        return new BarAccumulator(t.price(), t.ts(), t.seq(), t.eventId(), t.price(), t.price(), t.price(), t.ts(),
                t.seq(), t.eventId(), t.size(), pv, 1, t.ts(), t.ts());
    }

    /** This aggregate plus one more <em>distinct</em> trade (deduplication by event_id is the caller's). */
    public BarAccumulator add(TradeTick t) {
        return merge(of(t));
    }

    /** The aggregate of both trade sets (which must be disjoint): associative and commutative. */
    public BarAccumulator merge(BarAccumulator o) {
        if (o.tradeCount == 0) {
            return this;
        }
        if (tradeCount == 0) {
            return o;
        }
        boolean thisOpens = o.open == null
                || (open != null && compare(openTs, openSeq, openEventId, o.openTs, o.openSeq, o.openEventId) <= 0);
        boolean thisCloses = o.close == null
                || (close != null && compare(closeTs, closeSeq, closeEventId, o.closeTs, o.closeSeq, o.closeEventId) >= 0);
        BarAccumulator first = thisOpens ? this : o;
        BarAccumulator last = thisCloses ? this : o;
        return new BarAccumulator(first.open, first.openTs, first.openSeq, first.openEventId,
                max(high, o.high), min(low, o.low),
                last.close, last.closeTs, last.closeSeq, last.closeEventId,
                volume.add(o.volume), pvSum.add(o.pvSum), tradeCount + o.tradeCount,
                firstTs.isBefore(o.firstTs) ? firstTs : o.firstTs, lastTs.isAfter(o.lastTs) ? lastTs : o.lastTs);
    }

    private static int compare(Instant ts1, long seq1, String id1, Instant ts2, long seq2, String id2) {
        int c = ts1.compareTo(ts2);
        if (c != 0) {
            return c;
        }
        c = Long.compare(seq1, seq2);
        return c != 0 ? c : id1.compareTo(id2);
    }

    private static BigDecimal max(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    private static BigDecimal min(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    /** Whether any eligible trade set the prices; false for an empty window or one of ineligible trades only. */
    public boolean hasPrices() {
        return open != null;
    }

    public boolean isEmpty() {
        return tradeCount == 0;
    }

    /** pv_sum / volume rounded to {@link #VWAP_SCALE} places (half up), normalized; null when volume is zero. */
    public BigDecimal vwap() {
        return volume.signum() == 0 ? null : Decimals.normalize(pvSum.divide(volume, VWAP_SCALE, RoundingMode.HALF_UP));
    }

    /** The bar payload of docs/contract/payloads.md (normalized exact decimals; null OHLC when no eligible trade). */
    public BarValues toBarValues() {
        return new BarValues(Decimals.normalize(open), Decimals.normalize(high), Decimals.normalize(low),
                Decimals.normalize(close), Decimals.normalize(volume), vwap(), tradeCount);
    }

    public BigDecimal open() { return open; }
    public Instant openTs() { return openTs; }
    public long openSeq() { return openSeq; }
    public String openEventId() { return openEventId; }
    public BigDecimal high() { return high; }
    public BigDecimal low() { return low; }
    public BigDecimal close() { return close; }
    public Instant closeTs() { return closeTs; }
    public long closeSeq() { return closeSeq; }
    public String closeEventId() { return closeEventId; }
    public BigDecimal volume() { return volume; }
    /** Σ price·size over all trades: vwap's exact numerator, the column the SQL merge adds. */
    public BigDecimal pvSum() { return pvSum; }
    public long tradeCount() { return tradeCount; }
    /** Event time of the earliest/latest trade of any eligibility (null when empty). */
    public Instant firstTs() { return firstTs; }
    public Instant lastTs() { return lastTs; }

    /** Numeric equality: 1.50 equals 1.5 (decimals are compared by value, not scale). */
    @Override
    public boolean equals(Object other) {
        return other instanceof BarAccumulator o
                && same(open, o.open) && Objects.equals(openTs, o.openTs) && openSeq == o.openSeq
                && Objects.equals(openEventId, o.openEventId) && same(high, o.high) && same(low, o.low)
                && same(close, o.close) && Objects.equals(closeTs, o.closeTs) && closeSeq == o.closeSeq
                && Objects.equals(closeEventId, o.closeEventId) && same(volume, o.volume) && same(pvSum, o.pvSum)
                && tradeCount == o.tradeCount && Objects.equals(firstTs, o.firstTs) && Objects.equals(lastTs, o.lastTs);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Decimals.normalize(close), Decimals.normalize(volume), tradeCount, openTs, closeTs);
    }

    @Override
    public String toString() {
        return "Bar{o=" + open + " h=" + high + " l=" + low + " c=" + close + " v=" + volume + " pv=" + pvSum
                + " n=" + tradeCount + " open@" + openTs + "#" + openSeq + " close@" + closeTs + "#" + closeSeq + "}";
    }
}
