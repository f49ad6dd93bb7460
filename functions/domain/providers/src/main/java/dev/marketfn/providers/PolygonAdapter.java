package dev.marketfn.providers;

import static dev.marketfn.providers.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Decimals;
import dev.marketfn.contracts.Kind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Polygon.io (Massive) stocks websocket: frames are JSON arrays of events tagged by {@code ev}. Trades {@code T},
 * quotes {@code Q}, minute aggregates {@code AM} and second aggregates {@code A} become records; {@code status}
 * events are skipped; any other {@code ev} is rejected. Times are Unix milliseconds.
 */
public final class PolygonAdapter implements ProviderAdapter {
    public static final String NAME = "polygon";

    /** Polygon documents quote sizes as round lots ("a bid size of 2 means 200 shares"): multiplied out (docs/contract/payloads.md). */
    static final BigDecimal ROUND_LOT = BigDecimal.valueOf(100);

    /**
     * Polygon's trade condition ids whose "updates last" rule is false (Polygon's conditions table, consolidated
     * column): 2 average price, 5 bunched sold, 6 CAP election, 7 cash sale, 10 derivatively priced, 12 Form T,
     * 13 extended hours sold out of sequence, 15/16 market center official close/open, 17/18/19 market center
     * opening/reopening/closing trade, 20 next day, 21 price variation, 22 prior reference price, 24 Rule 127 NYSE,
     * 26 opened, 29 seller, 32 sold out, 33 sold out of sequence, 35 stock option, 37 odd lot, 52 contingent,
     * 53 qualified contingent, 56 placeholder, 59 placeholder for 611 exempt. Other ids set the last price.
     */
    static final Set<String> NO_LAST = Set.of("2", "5", "6", "7", "10", "12", "13", "15", "16", "17", "18", "19", "20",
            "21", "22", "24", "26", "29", "32", "33", "35", "37", "52", "53", "56", "59");

    /** Polygon's stock exchange ids to MICs; the SIPs themselves (5 UTP, 13 CTS) and unknown ids → null. */
    static final Map<Integer, String> MIC = Map.ofEntries(
            Map.entry(1, "XASE"), Map.entry(2, "XBOS"), Map.entry(3, "XCIS"), Map.entry(4, "XADF"),
            Map.entry(6, "XISX"), Map.entry(7, "EDGA"), Map.entry(8, "EDGX"), Map.entry(9, "XCHI"),
            Map.entry(10, "XNYS"), Map.entry(11, "ARCX"), Map.entry(12, "XNAS"), Map.entry(14, "LTSE"),
            Map.entry(15, "IEXG"), Map.entry(17, "XPHL"), Map.entry(18, "BATY"), Map.entry(19, "BATS"),
            Map.entry(20, "EPRL"), Map.entry(21, "MEMX"));

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public List<CanonicalRecord> normalize(RawMessage msg) {
        return MessageElements.eachObject(NAME, msg, PolygonAdapter::one);
    }

    private static void one(RecordSink sink, JsonNode m, String at, int ordinal) {
        String ev = Fields.text(m, "ev", at);
        switch (ev) {
            case "T" -> trade(sink, m, at, ordinal);
            case "Q" -> quote(sink, m, at, ordinal);
            case "AM" -> bar(sink, m, at, "1m");
            case "A" -> bar(sink, m, at, "1s");
            case "status" -> { }
            default -> throw Fields.unsupported(path(at, "ev"), "unsupported Polygon event '" + ev + "'");
        }
    }

    /** {@code q} is Polygon's per-ticker sequence number; without it the message ordinal keeps event ids unique. */
    private static long seq(JsonNode m, String at, int ordinal) {
        return Fields.present(m, "q") ? Fields.longValue(m, "q", at) : ordinal;
    }

    private static CanonicalRecord.Builder start(RecordSink sink, JsonNode m, String at, Kind kind, String tsField,
            long seq) {
        String symbol = Fields.symbol(m, "sym", at, Symbols::equity);
        return sink.start(kind, symbol, Fields.epochMillis(m, tsField, at), path(at, tsField), seq)
                .assetClass("equity").currency("USD");
    }

    private static void trade(RecordSink sink, JsonNode m, String at, int ordinal) {
        List<String> codes = Fields.codes(m, "c", at);
        boolean setsLast = Fields.setsLast(codes, NO_LAST);
        sink.add(start(sink, m, at, Kind.TRADE, "t", seq(m, at, ordinal))
                .exchange(Fields.present(m, "x") ? MIC.get((int) Fields.longValue(m, "x", at)) : null)
                .price(Fields.price(m, "p", at))
                .size(Fields.nonNegative(m, "s", at))
                .conditions(codes)
                .setsLastPrice(setsLast));
    }

    private static void quote(RecordSink sink, JsonNode m, String at, int ordinal) {
        sink.add(start(sink, m, at, Kind.QUOTE, "t", seq(m, at, ordinal))
                .bid(Fields.nonNegative(m, "bp", at))
                .ask(Fields.nonNegative(m, "ap", at))
                .bidSize(lots(m, "bs", at))
                .askSize(lots(m, "as", at)));
    }

    /** A quote size in round lots, as shares; the product must stay within the decimal range too. */
    private static BigDecimal lots(JsonNode m, String name, String at) {
        return Decimals.checked(Fields.nonNegative(m, name, at).multiply(ROUND_LOT), path(at, name));
    }

    /** {@code s} is the aggregate window's start (docs/contract/payloads.md: a bar's ts is its start); {@code z} is average trade size, not a count. */
    private static void bar(RecordSink sink, JsonNode m, String at, String interval) {
        CanonicalRecord.Builder b = Fields.ohlcv(start(sink, m, at, Kind.BAR, "s", Intervals.barSeq(interval)),
                interval, m, at);
        if (Fields.present(m, "vw")) {
            b.vwap(Fields.nonNegative(m, "vw", at));
        }
        sink.add(b);
    }
}
