package dev.marketfn.providers;

import static dev.marketfn.providers.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alpaca Market Data v2 stock stream ({@code wss://stream.data.alpaca.markets/v2/{iex|sip}}): frames are JSON arrays
 * of messages tagged by {@code T}. Trades ({@code t}), quotes ({@code q}), minute bars ({@code b}), updated minute
 * bars ({@code u}) and daily bars ({@code d}) become records. Control messages ({@code success}, {@code subscription},
 * {@code error}) and the stream's other documented kinds (trading status {@code s}, LULD {@code l}, corrections
 * {@code c}, cancels {@code x}, imbalances {@code i}, news {@code n}) are skipped; any other {@code T} is rejected.
 * See docs/providers.md.
 */
public final class AlpacaAdapter implements ProviderAdapter {
    public static final String NAME = "alpaca";

    private static final Set<String> SKIPPED = Set.of("success", "subscription", "error", "s", "l", "c", "x", "i", "n");

    /** Alpaca's exchange letters (the SIP participant ids) to ISO 10383 MICs; E (market independent), W (the closed Cboe Stock Exchange) and unknowns → null. */
    static final Map<String, String> MIC = Map.ofEntries(
            Map.entry("A", "XASE"), Map.entry("B", "XBOS"), Map.entry("C", "XCIS"), Map.entry("D", "XADF"),
            Map.entry("H", "EPRL"), Map.entry("I", "XISX"), Map.entry("J", "EDGA"), Map.entry("K", "EDGX"),
            Map.entry("L", "LTSE"), Map.entry("M", "XCHI"), Map.entry("N", "XNYS"), Map.entry("P", "ARCX"),
            Map.entry("Q", "XNAS"), Map.entry("S", "XNAS"), Map.entry("T", "XNAS"), Map.entry("U", "MEMX"),
            Map.entry("V", "IEXG"), Map.entry("X", "XPHL"), Map.entry("Y", "BATY"),
            Map.entry("Z", "BATS"));

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public List<CanonicalRecord> normalize(RawMessage msg) {
        return MessageElements.eachObject(NAME, msg, AlpacaAdapter::one);
    }

    private static void one(RecordSink sink, JsonNode m, String at, int ordinal) {
        String type = Fields.text(m, "T", at);
        switch (type) {
            case "t" -> trade(sink, m, at);
            case "q" -> quote(sink, m, at, ordinal);
            case "b", "u" -> bar(sink, m, at, "1m");
            case "d" -> bar(sink, m, at, "1d");
            default -> {
                if (!SKIPPED.contains(type)) {
                    throw Fields.unsupported(path(at, "T"), "unknown Alpaca message type '" + type + "'");
                }
            }
        }
    }

    private static CanonicalRecord.Builder start(RecordSink sink, JsonNode m, String at, Kind kind, long seq) {
        String symbol = Fields.symbol(m, "S", at, Symbols::equity);
        return sink.start(kind, symbol, Fields.iso(m, "t", at), path(at, "t"), seq)
                .assetClass("equity").currency("USD");
    }

    private static void trade(RecordSink sink, JsonNode m, String at) {
        List<String> codes = Fields.codes(m, "c", at);
        CtaUtpConditions.Tape tape = CtaUtpConditions.tape(Fields.optText(m, "z", at));
        sink.add(start(sink, m, at, Kind.TRADE, Fields.longValue(m, "i", at))
                .exchange(mic(Fields.optText(m, "x", at)))
                .price(Fields.price(m, "p", at))
                .size(Fields.nonNegative(m, "s", at))
                .conditions(codes)
                .setsLastPrice(CtaUtpConditions.setsLast(codes, tape)));
    }

    private static void quote(RecordSink sink, JsonNode m, String at, int ordinal) {
        sink.add(start(sink, m, at, Kind.QUOTE, ordinal)
                .bid(Fields.nonNegative(m, "bp", at))
                .ask(Fields.nonNegative(m, "ap", at))
                .bidSize(Fields.nonNegative(m, "bs", at))
                .askSize(Fields.nonNegative(m, "as", at))
                .conditions(Fields.codes(m, "c", at)));
    }

    private static void bar(RecordSink sink, JsonNode m, String at, String interval) {
        CanonicalRecord.Builder b = Fields.ohlcv(start(sink, m, at, Kind.BAR, Intervals.barSeq(interval)), interval, m,
                at);
        if (Fields.present(m, "vw")) {
            b.vwap(Fields.nonNegative(m, "vw", at));
        }
        if (Fields.present(m, "n")) {
            b.tradeCount(Fields.longValue(m, "n", at));
        }
        sink.add(b);
    }

    private static String mic(String code) {
        return code == null ? null : MIC.get(code);
    }
}
