package dev.marketfn.providers;

import static dev.marketfn.providers.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import java.util.List;

/**
 * Coinbase Exchange websocket feed: {@code match}/{@code last_match} (matches channel) and {@code ticker} become
 * trades; {@code sequence} is the seq and {@code time} (ISO-8601, µs) the ts. A ticker is sent for every match and
 * carries that match's sequence and time, so a ticker and the match it reports get the same {@code event_id} and
 * deduplicate downstream; its best bid/ask is not emitted as a quote because that quote would share the trade's
 * event_id. Every other type is skipped, as Coinbase documents: "clients are expected to ignore messages they do
 * not support". A message may be one object or a JSON array of them.
 */
public final class CoinbaseAdapter implements ProviderAdapter {
    public static final String NAME = "coinbase";

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public List<CanonicalRecord> normalize(RawMessage msg) {
        return MessageElements.eachObject(NAME, msg, (sink, m, at, i) -> one(sink, m, at));
    }

    private static void one(RecordSink sink, JsonNode m, String at) {
        switch (Fields.text(m, "type", at)) {
            case "match", "last_match" -> trade(sink, m, at, "size");
            case "ticker" -> trade(sink, m, at, "last_size");
            default -> { }
        }
    }

    private static void trade(RecordSink sink, JsonNode m, String at, String sizeField) {
        String symbol = Fields.symbol(m, "product_id", at, Symbols::crypto);
        sink.add(sink.start(Kind.TRADE, symbol, Fields.iso(m, "time", at), path(at, "time"),
                        Fields.longValue(m, "sequence", at))
                .assetClass("crypto")
                .currency(Symbols.quoteAsset(symbol))
                .price(Fields.price(m, "price", at))
                .size(Fields.nonNegative(m, sizeField, at))
                .setsLastPrice(true));
    }
}
