package dev.marketfn.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.RejectReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSV files as a JSON string: a header row, then one record per line. The header decides the kind
 * (case-insensitive, any column order, extra columns ignored):
 * <ul>
 * <li>bars: {@code symbol,ts,open,high,low,close,volume[,interval][,vwap][,trade_count]}; interval defaults to
 * {@code 1d};</li>
 * <li>trades: {@code symbol,ts,price,size[,seq][,conditions]}; conditions are SIP letters separated by spaces or
 * {@code |}, decoded with the CTA/UTP table.</li>
 * </ul>
 * {@code ts} is ISO-8601 with offset, Unix ms (digits only), or a bare date for daily bars (00:00 America/New_York
 * for equities, UTC for crypto). Fields are split on commas and may be double-quoted, but may not contain commas.
 * Symbols with a separator and a known quote asset ({@code BTC-USDT}, {@code ETH/USD}) are crypto; others are US
 * equities. Field paths are {@code data[line].column} with line 0 the header.
 */
public final class CsvAdapter implements ProviderAdapter {
    public static final String NAME = "csv";

    private static final ZoneId US_EQUITY_ZONE = ZoneId.of("America/New_York");

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public List<CanonicalRecord> normalize(RawMessage msg) {
        JsonNode data = msg.data();
        if (data == null || data.isNull()) {
            throw InvalidInputException.missing("data");
        }
        if (!data.isTextual()) {
            throw Fields.wrongType("data", "a string of CSV lines", data);
        }
        String[] lines = data.textValue().split("\r?\n", -1);
        int headerLine = 0;
        while (headerLine < lines.length && lines[headerLine].isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.length) {
            throw InvalidInputException.missing("data[0]");
        }
        Map<String, Integer> cols = new HashMap<>();
        String[] header = split(lines[headerLine]);
        for (int i = 0; i < header.length; i++) {
            cols.put(header[i].toLowerCase(Locale.ROOT), i);
        }
        boolean bars = cols.containsKey("open");
        String[] required = bars
                ? new String[] {"symbol", "ts", "open", "high", "low", "close", "volume"}
                : new String[] {"symbol", "ts", "price", "size"};
        for (String c : required) {
            if (!cols.containsKey(c)) {
                throw new InvalidInputException(RejectReason.MISSING_FIELD, "data[" + headerLine + "]." + c,
                        "header lacks column '" + c + "' (bars: symbol,ts,open,high,low,close,volume; "
                                + "trades: symbol,ts,price,size)");
            }
        }
        RecordSink sink = new RecordSink(NAME, msg);
        int ordinal = 0;
        for (int n = headerLine + 1; n < lines.length; n++) {
            if (lines[n].isBlank()) {
                continue;
            }
            Row row = new Row(split(lines[n]), cols, "data[" + n + "]");
            if (bars) {
                bar(sink, row);
            } else {
                trade(sink, row, ordinal);
            }
            ordinal++;
        }
        return sink.records();
    }

    private static void trade(RecordSink sink, Row r, int ordinal) {
        Instrument ins = instrument(r);
        List<String> codes = r.has("conditions") ? codes(r.get("conditions")) : List.of();
        long seq = ordinal;
        if (r.has("seq")) {
            try {
                seq = Long.parseLong(r.get("seq"));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(RejectReason.WRONG_TYPE, r.field("seq"), "'" + r.get("seq") + "' is not an integer");
            }
        }
        sink.add(sink.start(Kind.TRADE, ins.symbol, ts(r, ins, false), r.field("ts"), seq)
                .assetClass(ins.assetClass)
                .currency(ins.currency)
                .price(Fields.positive(r.decimal("price"), r.field("price")))
                .size(Fields.nonNegative(r.decimal("size"), r.field("size")))
                .conditions(codes)
                .setsLastPrice(ins.crypto || CtaUtpConditions.setsLast(codes, CtaUtpConditions.Tape.UNKNOWN)));
    }

    private static void bar(RecordSink sink, Row r) {
        Instrument ins = instrument(r);
        String interval = r.has("interval") ? Intervals.canonical(r.get("interval"), r.field("interval")) : "1d";
        CanonicalRecord.Builder b = sink.start(Kind.BAR, ins.symbol, ts(r, ins, interval.equals("1d")), r.field("ts"),
                        Intervals.barSeq(interval))
                .assetClass(ins.assetClass)
                .currency(ins.currency)
                .interval(interval)
                .open(Fields.positive(r.decimal("open"), r.field("open")))
                .high(Fields.positive(r.decimal("high"), r.field("high")))
                .low(Fields.positive(r.decimal("low"), r.field("low")))
                .close(Fields.positive(r.decimal("close"), r.field("close")))
                .volume(Fields.nonNegative(r.decimal("volume"), r.field("volume")));
        if (r.has("vwap")) {
            b.vwap(Fields.nonNegative(r.decimal("vwap"), r.field("vwap")));
        }
        if (r.has("trade_count")) {
            b.tradeCount(Fields.count(r.decimal("trade_count"), r.field("trade_count")));
        }
        sink.add(b);
    }

    private record Instrument(String symbol, boolean crypto, String assetClass, String currency) {
    }

    private static Instrument instrument(Row r) {
        String raw = r.get("symbol");
        if (Symbols.looksLikeCryptoPair(raw)) {
            String s = Fields.symbolText(raw, r.field("symbol"), Symbols::crypto);
            return new Instrument(s, true, "crypto", Symbols.quoteAsset(s));
        }
        return new Instrument(Fields.symbolText(raw, r.field("symbol"), Symbols::equity), false, "equity", "USD");
    }

    private static Instant ts(Row r, Instrument ins, boolean dateAllowed) {
        String text = r.get("ts");
        String field = r.field("ts");
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(RejectReason.OUT_OF_RANGE, field, "'" + text + "' exceeds Unix ms range");
            }
        }
        if (dateAllowed && text.length() == 10) {
            try {
                return LocalDate.parse(text).atStartOfDay(ins.crypto ? ZoneOffset.UTC : US_EQUITY_ZONE).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(RejectReason.WRONG_TYPE, field, "'" + text + "' is not a date");
            }
        }
        return Fields.isoText(text, field);
    }

    private static List<String> codes(String text) {
        List<String> out = new ArrayList<>();
        for (String c : text.split("[\\s|]+")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private static String[] split(String line) {
        String[] parts = line.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() >= 2 && p.charAt(0) == '"' && p.charAt(p.length() - 1) == '"') {
                p = p.substring(1, p.length() - 1).trim();
            }
            parts[i] = p;
        }
        return parts;
    }

    /** One data line, read by column name; an empty cell counts as absent. */
    private record Row(String[] cells, Map<String, Integer> cols, String at) {
        boolean has(String col) {
            Integer i = cols.get(col);
            return i != null && i < cells.length && !cells[i].isEmpty();
        }

        String get(String col) {
            if (!has(col)) {
                throw InvalidInputException.missing(field(col));
            }
            return cells[cols.get(col)];
        }

        BigDecimal decimal(String col) {
            return Fields.parseDecimal(get(col), field(col));
        }

        String field(String col) {
            return at + "." + col;
        }
    }
}
