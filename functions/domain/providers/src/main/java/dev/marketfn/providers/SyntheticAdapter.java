package dev.marketfn.providers;

import static dev.marketfn.providers.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.RejectReason;
import java.time.Instant;
import java.util.List;

/**
 * The platform's own demo feed, one instrument per object (or a JSON array of such objects):
 * <pre>{@code
 * {"symbol": "SYN1", "asset_class": "equity", "currency": "USD", "exchange": "XNAS",
 *  "trades": [{"ts": "2024-01-02T14:30:00.000001Z", "price": "101.25", "size": "100",
 *              "seq": 7, "conditions": ["I"], "sets_last_price": false}],
 *  "quotes": [{"ts": 1704205800000, "bid": "101.2", "ask": "101.3", "bid_size": "300", "ask_size": "200"}],
 *  "bars":   [{"ts": "...", "interval": "1m", "open": "1", "high": "2", "low": "1", "close": "2",
 *              "volume": "10", "vwap": "1.5", "trade_count": 3}]}
 * }</pre>
 * Only {@code symbol} and each item's values are required. {@code ts} is ISO-8601 with offset or Unix ms;
 * numbers may be JSON numbers or strings. {@code asset_class} defaults to crypto for {@code BASE-QUOTE} pairs with
 * a known quote asset, else equity; {@code currency} to the quote asset or USD; {@code sets_last_price} to true.
 * Trades and quotes without {@code seq} are numbered by their position across the whole message.
 */
public final class SyntheticAdapter implements ProviderAdapter {
    public static final String NAME = "synthetic";

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public List<CanonicalRecord> normalize(RawMessage msg) {
        int[] ordinal = {0};
        return MessageElements.eachObject(NAME, msg, (sink, m, at, i) -> instrument(sink, m, at, ordinal));
    }

    private static void instrument(RecordSink sink, JsonNode m, String at, int[] ordinal) {
        String raw = Fields.text(m, "symbol", at);
        String assetClass = Fields.optText(m, "asset_class", at);
        if (assetClass == null) {
            assetClass = Symbols.looksLikeCryptoPair(raw) ? "crypto" : "equity";
        }
        boolean crypto = switch (assetClass) {
            case "crypto" -> true;
            case "equity" -> false;
            default -> throw new InvalidInputException(RejectReason.INVALID_VALUE, path(at, "asset_class"),
                    "'" + assetClass + "' is not equity or crypto");
        };
        String symbol = Fields.symbol(m, "symbol", at, crypto ? Symbols::crypto : Symbols::equity);
        String currency = Fields.optText(m, "currency", at);
        if (currency == null) {
            currency = crypto ? Symbols.quoteAsset(symbol) : "USD";
        }
        Instrument ins = new Instrument(symbol, assetClass, currency, Fields.optText(m, "exchange", at));
        each(m, "trades", at, (item, itemAt) -> trade(sink, ins, item, itemAt, ordinal[0]++));
        each(m, "quotes", at, (item, itemAt) -> quote(sink, ins, item, itemAt, ordinal[0]++));
        each(m, "bars", at, (item, itemAt) -> bar(sink, ins, item, itemAt));
    }

    private record Instrument(String symbol, String assetClass, String currency, String exchange) {
    }

    private interface ItemHandler {
        void handle(JsonNode item, String at);
    }

    private static void each(JsonNode m, String name, String at, ItemHandler handler) {
        if (!Fields.present(m, name)) {
            return;
        }
        JsonNode items = Fields.array(m, name, at);
        for (int i = 0; i < items.size(); i++) {
            String itemAt = path(path(at, name), i);
            handler.handle(Fields.object(items.get(i), itemAt), itemAt);
        }
    }

    private static CanonicalRecord.Builder start(RecordSink sink, Instrument ins, Kind kind, JsonNode item, String at,
            long seq) {
        return sink.start(kind, ins.symbol, ts(item, at), path(at, "ts"), seq)
                .assetClass(ins.assetClass).currency(ins.currency).exchange(ins.exchange);
    }

    private static long seq(JsonNode item, String at, int ordinal) {
        return Fields.present(item, "seq") ? Fields.longValue(item, "seq", at) : ordinal;
    }

    private static void trade(RecordSink sink, Instrument ins, JsonNode t, String at, int ordinal) {
        JsonNode setsLast = t.get("sets_last_price");
        if (setsLast != null && !setsLast.isNull() && !setsLast.isBoolean()) {
            throw Fields.wrongType(path(at, "sets_last_price"), "a boolean", setsLast);
        }
        sink.add(start(sink, ins, Kind.TRADE, t, at, seq(t, at, ordinal))
                .price(Fields.price(t, "price", at))
                .size(Fields.nonNegative(t, "size", at))
                .conditions(Fields.codes(t, "conditions", at))
                .setsLastPrice(setsLast == null || setsLast.isNull() || setsLast.booleanValue()));
    }

    private static void quote(RecordSink sink, Instrument ins, JsonNode q, String at, int ordinal) {
        sink.add(start(sink, ins, Kind.QUOTE, q, at, seq(q, at, ordinal))
                .bid(Fields.nonNegative(q, "bid", at))
                .ask(Fields.nonNegative(q, "ask", at))
                .bidSize(Fields.nonNegative(q, "bid_size", at))
                .askSize(Fields.nonNegative(q, "ask_size", at)));
    }

    private static void bar(RecordSink sink, Instrument ins, JsonNode b, String at) {
        String interval = Intervals.canonical(Fields.text(b, "interval", at), path(at, "interval"));
        CanonicalRecord.Builder r = start(sink, ins, Kind.BAR, b, at, Intervals.barSeq(interval))
                .interval(interval)
                .open(Fields.price(b, "open", at))
                .high(Fields.price(b, "high", at))
                .low(Fields.price(b, "low", at))
                .close(Fields.price(b, "close", at))
                .volume(Fields.nonNegative(b, "volume", at));
        if (Fields.present(b, "vwap")) {
            r.vwap(Fields.nonNegative(b, "vwap", at));
        }
        if (Fields.present(b, "trade_count")) {
            r.tradeCount(Fields.longValue(b, "trade_count", at));
        }
        sink.add(r);
    }

    private static Instant ts(JsonNode item, String at) {
        JsonNode v = Fields.required(item, "ts", at);
        if (v.isIntegralNumber()) {
            return Instant.ofEpochMilli(Fields.longOf(v, path(at, "ts")));
        }
        if (v.isTextual() && !v.textValue().isEmpty() && v.textValue().chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Fields.longOf(v, path(at, "ts")));
        }
        return Fields.iso(item, "ts", at);
    }
}
