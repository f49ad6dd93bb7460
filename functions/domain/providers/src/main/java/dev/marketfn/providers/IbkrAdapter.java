package dev.marketfn.providers;

import static dev.marketfn.providers.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.RejectReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Interactive Brokers TWS API ticks as JSON. The TWS API delivers them as callback arguments, so the JSON field
 * names are the callbacks' parameter names:
 * <ul>
 * <li>{@code tickByTickAllLast(reqId, tickType, time, price, size, tickAttribLast, exchange, specialConditions)} →
 * {@code {"type":"AllLast"|"Last", "time", "price", "size", "exchange", "specialConditions", "pastLimit",
 * "unreported"}} (the two {@code tickAttribLast} flags inlined); a trade.</li>
 * <li>{@code tickByTickBidAsk(reqId, time, bidPrice, askPrice, bidSize, askSize, tickAttribBidAsk)} →
 * {@code {"type":"BidAsk", "time", "bidPrice", "askPrice", "bidSize", "askSize"}}; a quote.</li>
 * <li>generic tick 233 RTVolume, {@code "price;size;ms;totalVolume;VWAP;singleTrade"}, as the JSON string itself
 * or {@code {"type":"RTVolume","value":"..."}}; a trade. An empty price ({@code ";0;..."}) is IB's volume-only
 * update, not a trade, and yields no record.</li>
 * </ul>
 * {@code time} is Unix seconds, as IB sends it; RTVolume's is Unix ms. The instrument is the optional
 * {@code symbol} field, else the raw event's subject. A message is one tick or a JSON array of ticks; ticks carry
 * no id, so {@code seq} is the index in the message. Unknown {@code type}s are rejected.
 */
public final class IbkrAdapter implements ProviderAdapter {
    public static final String NAME = "ibkr";

    /** IB's exchange names to MICs. */
    static final Map<String, String> MIC = Map.ofEntries(
            Map.entry("ISLAND", "XNAS"), Map.entry("NASDAQ", "XNAS"), Map.entry("NYSE", "XNYS"),
            Map.entry("ARCA", "ARCX"), Map.entry("AMEX", "XASE"), Map.entry("BATS", "BATS"), Map.entry("BYX", "BATY"),
            Map.entry("EDGEA", "EDGA"), Map.entry("EDGX", "EDGX"), Map.entry("IEX", "IEXG"), Map.entry("CHX", "XCHI"),
            Map.entry("MEMX", "MEMX"), Map.entry("LTSE", "LTSE"), Map.entry("PEARL", "EPRL"), Map.entry("PSX", "XPHL"),
            Map.entry("BEX", "XBOS"), Map.entry("NYSENAT", "XCIS"), Map.entry("FINRA", "XADF"));

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public List<CanonicalRecord> normalize(RawMessage msg) {
        return MessageElements.each(NAME, msg, IbkrAdapter::one);
    }

    private static void one(RecordSink sink, JsonNode m, String at, int ordinal) {
        if (m.isTextual()) {
            rtVolume(sink, m.textValue(), null, at, ordinal);
            return;
        }
        Fields.object(m, at);
        String type = Fields.text(m, "type", at);
        switch (type) {
            case "AllLast", "Last" -> last(sink, m, at, ordinal);
            case "BidAsk" -> bidAsk(sink, m, at, ordinal);
            case "RTVolume" -> rtVolume(sink, Fields.text(m, "value", at), m, path(at, "value"), ordinal);
            default -> throw Fields.unsupported(path(at, "type"), "unsupported IB tick type '" + type + "'");
        }
    }

    private static String symbol(RecordSink sink, JsonNode m, String at) {
        if (m != null && Fields.present(m, "symbol")) {
            return Fields.symbol(m, "symbol", at, Symbols::equity);
        }
        String subject = sink.message().subject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidInputException(RejectReason.MISSING_FIELD, "subject",
                    "the IB tick does not name its instrument and the raw event has no subject");
        }
        return Fields.symbolText(subject, "subject", Symbols::equity);
    }

    private static CanonicalRecord.Builder start(RecordSink sink, JsonNode m, String at, Kind kind, Instant ts,
            String tsField, int ordinal) {
        return sink.start(kind, symbol(sink, m, at), ts, tsField, ordinal).assetClass("equity")
                .currency(Fields.optText(m, "currency", at));
    }

    private static void last(RecordSink sink, JsonNode m, String at, int ordinal) {
        Instant ts = Fields.epochSeconds(m, "time", at);
        List<String> codes = conditions(Fields.optText(m, "specialConditions", at));
        boolean unreported = m.path("unreported").asBoolean(false);
        String exchange = Fields.optText(m, "exchange", at);
        sink.add(start(sink, m, at, Kind.TRADE, ts, path(at, "time"), ordinal)
                .exchange(exchange == null ? null : MIC.get(exchange))
                .price(Fields.price(m, "price", at))
                .size(Fields.nonNegative(m, "size", at))
                .conditions(codes)
                .setsLastPrice(!unreported && CtaUtpConditions.setsLast(codes, CtaUtpConditions.Tape.UNKNOWN)));
    }

    private static void bidAsk(RecordSink sink, JsonNode m, String at, int ordinal) {
        Instant ts = Fields.epochSeconds(m, "time", at);
        sink.add(start(sink, m, at, Kind.QUOTE, ts, path(at, "time"), ordinal)
                .bid(Fields.nonNegative(m, "bidPrice", at))
                .ask(Fields.nonNegative(m, "askPrice", at))
                .bidSize(Fields.nonNegative(m, "bidSize", at))
                .askSize(Fields.nonNegative(m, "askSize", at)));
    }

    /** {@code price;size;ms;totalVolume;VWAP;singleTrade}; {@code m} is the wrapping object, if any. */
    private static void rtVolume(RecordSink sink, String value, JsonNode m, String at, int ordinal) {
        String[] parts = value.split(";", -1);
        if (parts.length < 5) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, at,
                    "RTVolume needs 'price;size;time;totalVolume;VWAP;singleTrade', got '" + value + "'");
        }
        BigDecimal size = Fields.nonNegative(Fields.parseDecimal(parts[1], at + "[size]"), at + "[size]");
        if (parts[0].isBlank()) {
            if (size.signum() != 0) {
                throw new InvalidInputException(RejectReason.MISSING_FIELD, at + "[price]",
                        "a trade of size " + size.toPlainString() + " without a price");
            }
            return;
        }
        BigDecimal price = Fields.positive(Fields.parseDecimal(parts[0], at + "[price]"), at + "[price]");
        long ms;
        try {
            ms = Long.parseLong(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, at + "[time]", "'" + parts[2] + "' is not Unix ms");
        }
        CanonicalRecord.Builder b = sink.start(Kind.TRADE, symbol(sink, m, at), Instant.ofEpochMilli(ms), at + "[time]",
                        ordinal)
                .assetClass("equity")
                .price(price)
                .size(size)
                .setsLastPrice(true);
        if (m != null) {
            b.currency(Fields.optText(m, "currency", at));
        }
        sink.add(b);
    }

    /** {@code specialConditions} is a string of single-character SIP codes, possibly space-padded ("  T", "4 I"). */
    static List<String> conditions(String special) {
        if (special == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(special.length());
        for (int i = 0; i < special.length(); i++) {
            char c = special.charAt(i);
            if (c != ' ') {
                out.add(String.valueOf(c));
            }
        }
        return out;
    }
}
