package dev.marketfn.providers;

import static dev.marketfn.providers.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import java.util.List;

/**
 * Binance spot websocket streams: {@code trade}, {@code aggTrade} and {@code kline} events, raw or in the
 * combined-stream wrapper {@code {"stream":..,"data":{..}}}, alone or as a JSON array. Prices and quantities are
 * strings, times Unix ms. Only closed klines ({@code k.x == true}) become bars: an open kline is a provisional
 * snapshot re-sent every two seconds, and the bar it describes is only final when it closes. Subscription replies
 * ({@code {"result":..,"id":..}}) are skipped; other event types are rejected.
 */
public final class BinanceAdapter implements ProviderAdapter {
    public static final String NAME = "binance";

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public List<CanonicalRecord> normalize(RawMessage msg) {
        return MessageElements.each(NAME, msg, (sink, m, at, i) -> one(sink, m, at));
    }

    private static void one(RecordSink sink, JsonNode node, String at) {
        JsonNode m = Fields.object(node, at);
        if (m.has("stream") && m.has("data")) {
            at = path(at, "data");
            m = Fields.object(m.get("data"), at);
        }
        if (!m.has("e") && m.has("id")) {
            return;
        }
        String e = Fields.text(m, "e", at);
        switch (e) {
            case "trade" -> trade(sink, m, at, "t");
            case "aggTrade" -> trade(sink, m, at, "a");
            case "kline" -> kline(sink, m, at);
            default -> throw Fields.unsupported(path(at, "e"), "unsupported Binance event '" + e + "'");
        }
    }

    /** {@code idField}: the trade id {@code t}, or the aggregate trade id {@code a}; either is the record's seq. */
    private static void trade(RecordSink sink, JsonNode m, String at, String idField) {
        String symbol = Fields.symbol(m, "s", at, Symbols::crypto);
        sink.add(sink.start(Kind.TRADE, symbol, Fields.epochMillis(m, "T", at), path(at, "T"),
                        Fields.longValue(m, idField, at))
                .assetClass("crypto")
                .currency(Symbols.quoteAsset(symbol))
                .price(Fields.price(m, "p", at))
                .size(Fields.nonNegative(m, "q", at))
                .setsLastPrice(true));
    }

    /** {@code k.t} is the kline start; {@code k.v} base-asset volume; {@code k.n} trade count. */
    private static void kline(RecordSink sink, JsonNode m, String at) {
        String kAt = path(at, "k");
        JsonNode k = Fields.object(m.get("k"), kAt);
        JsonNode closed = Fields.required(k, "x", kAt);
        if (!closed.isBoolean()) {
            throw Fields.wrongType(path(kAt, "x"), "a boolean", closed);
        }
        if (!closed.booleanValue()) {
            return;
        }
        String interval = Intervals.canonical(Fields.text(k, "i", kAt), path(kAt, "i"));
        String symbol = Fields.symbol(k, "s", kAt, Symbols::crypto);
        CanonicalRecord.Builder b = Fields.ohlcv(sink.start(Kind.BAR, symbol, Fields.epochMillis(k, "t", kAt),
                        path(kAt, "t"), Intervals.barSeq(interval))
                .assetClass("crypto")
                .currency(Symbols.quoteAsset(symbol)), interval, k, kAt);
        if (Fields.present(k, "n")) {
            b.tradeCount(Fields.longValue(k, "n", kAt));
        }
        sink.add(b);
    }
}
