package dev.marketfn.providers;

import static dev.marketfn.providers.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finnhub websocket ({@code wss://ws.finnhub.io}): {@code {"type":"trade","data":[{p,s,t,v,c}...]}}, many symbols per
 * message, {@code t} in Unix ms. {@code ping} and {@code error} messages are skipped; other types are rejected.
 * A connector's batch is an array of such messages. Trades carry no id, so {@code seq} is the trade's index in the
 * raw message (counted across the batch's messages).
 *
 * <p>Symbols: {@code AAPL} is a US equity; {@code BINANCE:BTCUSDT} (a crypto venue prefix) is crypto, split at the
 * quote asset; any other {@code VENUE:X} (forex such as {@code OANDA:EUR_USD}) keeps {@code X} with {@code _} as
 * {@code -} and has no asset class or currency.
 */
public final class FinnhubAdapter implements ProviderAdapter {
    public static final String NAME = "finnhub";

    /** Finnhub's crypto exchange prefixes (its {@code /crypto/exchange} list). */
    static final Set<String> CRYPTO_VENUES = Set.of("BINANCE", "COINBASE", "KRAKEN", "BITFINEX", "BITSTAMP",
            "GEMINI", "HUOBI", "OKEX", "POLONIEX", "BITTREX", "KUCOIN", "HITBTC", "BITMEX", "FXPIG", "ZB");

    /**
     * Finnhub's US trade condition codes that must not set the last price. Finnhub numbers conditions in its own
     * list; only the codes identified with certainty are here: 12 odd lot and 24 Form T (extended hours) — the
     * documented after-hours example sends {@code ["1","8","24","12"]} for a 1-share trade. Unlisted codes set the
     * last price; all codes are kept verbatim in {@code conditions} so a fuller table can be applied later.
     */
    static final Set<String> NO_LAST = Set.of("12", "24");

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public List<CanonicalRecord> normalize(RawMessage msg) {
        RecordSink sink = new RecordSink(NAME, msg);
        JsonNode data = msg.data();
        if (data != null && data.isArray()) {
            // a connector's batch: the messages as they came; seq runs over the whole batch
            int ordinal = 0;
            for (int i = 0; i < data.size(); i++) {
                ordinal = message(sink, data.get(i), path("data", i), ordinal);
            }
        } else {
            message(sink, data, "data", 0);
        }
        return sink.records();
    }

    /** One websocket message at {@code at}; returns the next trade's ordinal. */
    private static int message(RecordSink sink, JsonNode node, String at, int ordinal) {
        JsonNode m = Fields.object(node, at);
        String type = Fields.text(m, "type", at);
        if (type.equals("ping") || type.equals("error")) {
            return ordinal;
        }
        if (!type.equals("trade")) {
            throw Fields.unsupported(path(at, "type"), "unsupported Finnhub message type '" + type + "'");
        }
        JsonNode trades = Fields.array(m, "data", at);
        String tradesAt = path(at, "data");
        for (int i = 0; i < trades.size(); i++) {
            String t = path(tradesAt, i);
            trade(sink, Fields.object(trades.get(i), t), t, ordinal++);
        }
        return ordinal;
    }

    private static void trade(RecordSink sink, JsonNode m, String at, int ordinal) {
        String raw = Fields.text(m, "s", at);
        String field = path(at, "s");
        String symbol;
        String assetClass = null;
        String currency = null;
        int colon = raw.indexOf(':');
        if (colon < 0) {
            symbol = Fields.symbolText(raw, field, Symbols::equity);
            assetClass = "equity";
            currency = "USD";
        } else if (CRYPTO_VENUES.contains(raw.substring(0, colon).toUpperCase(Locale.ROOT))) {
            symbol = Fields.symbolText(raw.substring(colon + 1), field, Symbols::crypto);
            assetClass = "crypto";
            currency = Symbols.quoteAsset(symbol);
        } else {
            symbol = Fields.symbolText(raw.substring(colon + 1), field, Symbols::crypto);
        }
        List<String> codes = Fields.codes(m, "c", at);
        boolean setsLast = Fields.setsLast(codes, NO_LAST);
        sink.add(sink.start(Kind.TRADE, symbol, Fields.epochMillis(m, "t", at), path(at, "t"), ordinal)
                .assetClass(assetClass)
                .currency(currency)
                .price(Fields.price(m, "p", at))
                .size(Fields.nonNegative(m, "v", at))
                .conditions(codes)
                .setsLastPrice(setsLast));
    }
}
