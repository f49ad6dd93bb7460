package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The canonical trade/quote/bar record of docs/contract/payloads.md, carried by normalized, checked and adjusted events.
 *
 * <p>Besides the core fields of docs/contract/payloads.md it carries {@code conditions} (the provider's own condition codes, verbatim),
 * {@code sets_last_price} (whether the conditions allow the trade to set last/open/high/low/close) and
 * {@code raw_event_id} (lineage back to the raw CloudEvent); see docs/architecture.md.
 */
public record CanonicalRecord(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("kind") Kind kind,
        @JsonProperty("provider") String provider,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("asset_class") String assetClass,
        @JsonProperty("exchange") String exchange,
        @JsonProperty("currency") String currency,
        @JsonProperty("isin") String isin,
        @JsonProperty("ts") Instant ts,
        @JsonProperty("ingest_ts") Instant ingestTs,
        @JsonProperty("seq") long seq,
        @JsonInclude(Include.NON_NULL) @JsonProperty("price") BigDecimal price,
        @JsonInclude(Include.NON_NULL) @JsonProperty("size") BigDecimal size,
        @JsonInclude(Include.NON_NULL) @JsonProperty("bid") BigDecimal bid,
        @JsonInclude(Include.NON_NULL) @JsonProperty("ask") BigDecimal ask,
        @JsonInclude(Include.NON_NULL) @JsonProperty("bid_size") BigDecimal bidSize,
        @JsonInclude(Include.NON_NULL) @JsonProperty("ask_size") BigDecimal askSize,
        @JsonInclude(Include.NON_NULL) @JsonProperty("interval") String interval,
        @JsonInclude(Include.NON_NULL) @JsonProperty("open") BigDecimal open,
        @JsonInclude(Include.NON_NULL) @JsonProperty("high") BigDecimal high,
        @JsonInclude(Include.NON_NULL) @JsonProperty("low") BigDecimal low,
        @JsonInclude(Include.NON_NULL) @JsonProperty("close") BigDecimal close,
        @JsonInclude(Include.NON_NULL) @JsonProperty("volume") BigDecimal volume,
        @JsonInclude(Include.NON_NULL) @JsonProperty("vwap") BigDecimal vwap,
        @JsonInclude(Include.NON_NULL) @JsonProperty("trade_count") Long tradeCount,
        @JsonInclude(Include.NON_EMPTY) @JsonProperty("conditions") List<String> conditions,
        @JsonInclude(Include.NON_NULL) @JsonProperty("sets_last_price") Boolean setsLastPrice,
        @JsonProperty("raw_event_id") String rawEventId,
        @JsonProperty("schema_version") int schemaVersion,
        @JsonInclude(Include.NON_NULL) @JsonProperty("quality") Quality quality,
        @JsonInclude(Include.NON_NULL) @JsonProperty("adjustment") Adjustment adjustment) {

    public static final int SCHEMA_VERSION = 1;

    public CanonicalRecord {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public CanonicalRecord withQuality(Quality q) {
        return toBuilder().quality(q).build();
    }

    /** Whether this trade may set last/open/high/low/close (quotes and bars: not applicable, false). */
    public boolean mayTradeSetLast() {
        return kind == Kind.TRADE && !Boolean.FALSE.equals(setsLastPrice);
    }

    /** A mutable builder: records with thirty components are unreadable as positional calls. */
    public static final class Builder {
        private String eventId;
        private Kind kind;
        private String provider;
        private String symbol;
        private String assetClass;
        private String exchange;
        private String currency;
        private String isin;
        private Instant ts;
        private Instant ingestTs;
        private long seq;
        private BigDecimal price;
        private BigDecimal size;
        private BigDecimal bid;
        private BigDecimal ask;
        private BigDecimal bidSize;
        private BigDecimal askSize;
        private String interval;
        private BigDecimal open;
        private BigDecimal high;
        private BigDecimal low;
        private BigDecimal close;
        private BigDecimal volume;
        private BigDecimal vwap;
        private Long tradeCount;
        private List<String> conditions = List.of();
        private Boolean setsLastPrice;
        private String rawEventId;
        private int schemaVersion = SCHEMA_VERSION;
        private Quality quality;
        private Adjustment adjustment;

        private Builder() {
        }

        private Builder(CanonicalRecord r) {
            eventId = r.eventId; kind = r.kind; provider = r.provider; symbol = r.symbol;
            assetClass = r.assetClass; exchange = r.exchange; currency = r.currency; isin = r.isin;
            ts = r.ts; ingestTs = r.ingestTs; seq = r.seq;
            price = r.price; size = r.size; bid = r.bid; ask = r.ask; bidSize = r.bidSize; askSize = r.askSize;
            interval = r.interval; open = r.open; high = r.high; low = r.low; close = r.close;
            volume = r.volume; vwap = r.vwap; tradeCount = r.tradeCount;
            conditions = r.conditions == null ? List.of() : r.conditions; setsLastPrice = r.setsLastPrice;
            rawEventId = r.rawEventId; schemaVersion = r.schemaVersion; quality = r.quality; adjustment = r.adjustment;
        }

        public Builder eventId(String v) { eventId = v; return this; }
        public Builder kind(Kind v) { kind = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder symbol(String v) { symbol = v; return this; }
        public Builder assetClass(String v) { assetClass = v; return this; }
        public Builder exchange(String v) { exchange = v; return this; }
        public Builder currency(String v) { currency = v; return this; }
        public Builder isin(String v) { isin = v; return this; }
        public Builder ts(Instant v) { ts = v == null ? null : Timestamps.micros(v); return this; }
        public Builder ingestTs(Instant v) { ingestTs = v == null ? null : Timestamps.micros(v); return this; }
        public Builder seq(long v) { seq = v; return this; }
        public Builder price(BigDecimal v) { price = Decimals.normalize(v); return this; }
        public Builder size(BigDecimal v) { size = Decimals.normalize(v); return this; }
        public Builder bid(BigDecimal v) { bid = Decimals.normalize(v); return this; }
        public Builder ask(BigDecimal v) { ask = Decimals.normalize(v); return this; }
        public Builder bidSize(BigDecimal v) { bidSize = Decimals.normalize(v); return this; }
        public Builder askSize(BigDecimal v) { askSize = Decimals.normalize(v); return this; }
        public Builder interval(String v) { interval = v; return this; }
        public Builder open(BigDecimal v) { open = Decimals.normalize(v); return this; }
        public Builder high(BigDecimal v) { high = Decimals.normalize(v); return this; }
        public Builder low(BigDecimal v) { low = Decimals.normalize(v); return this; }
        public Builder close(BigDecimal v) { close = Decimals.normalize(v); return this; }
        public Builder volume(BigDecimal v) { volume = Decimals.normalize(v); return this; }
        public Builder vwap(BigDecimal v) { vwap = Decimals.normalize(v); return this; }
        public Builder tradeCount(Long v) { tradeCount = v; return this; }
        public Builder conditions(List<String> v) { conditions = v == null ? List.of() : List.copyOf(v); return this; }
        public Builder setsLastPrice(Boolean v) { setsLastPrice = v; return this; }
        public Builder rawEventId(String v) { rawEventId = v; return this; }
        public Builder schemaVersion(int v) { schemaVersion = v; return this; }
        public Builder quality(Quality v) { quality = v; return this; }
        public Builder adjustment(Adjustment v) { adjustment = v; return this; }

        /** Builds the record; {@code event_id} is derived from provider, symbol, ts and seq when not set. */
        public CanonicalRecord build() {
            String id = eventId != null ? eventId
                    : (provider != null && symbol != null && ts != null ? EventIds.canonical(provider, symbol, ts, seq) : null);
            return new CanonicalRecord(id, kind, provider, symbol, assetClass, exchange, currency, isin, ts, ingestTs,
                    seq, price, size, bid, ask, bidSize, askSize, interval, open, high, low, close, volume, vwap,
                    tradeCount, conditions, setsLastPrice, rawEventId, schemaVersion, quality, adjustment);
        }
    }
}
