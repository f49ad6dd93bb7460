package dev.marketfn.providers;

import static dev.marketfn.providers.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.RejectReason;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Alpha Vantage {@code TIME_SERIES_INTRADAY} and {@code TIME_SERIES_DAILY} (and {@code _ADJUSTED}) JSON responses
 * → bars. Keys are found by their name after the {@code "N. "} prefix, since the numbering differs between
 * functions ({@code "4. Interval"} intraday, {@code "5. Time Zone"} daily).
 *
 * <p>Times are local to the metadata's time zone ({@code US/Eastern}) and converted with its DST rules, not a fixed
 * offset. An intraday key is the bar's start: the extended-hours series runs from 04:00 to 19:55 for 5min bars, so
 * the session's last five minutes are keyed 19:55, not 20:00. A local time that does not exist (the spring-forward
 * gap) is rejected; an ambiguous one (the autumn overlap) takes the earlier offset. A daily bar starts at 00:00 of
 * its trading date in that zone (docs/contract/payloads.md). Responses without a time series (the {@code Error Message},
 * {@code Note} and {@code Information} replies for bad calls and rate limits) are rejected.
 */
public final class AlphaVantageAdapter implements ProviderAdapter {
    public static final String NAME = "alphavantage";

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final Map<String, String> INTERVALS = Map.of("1min", "1m", "5min", "5m", "60min", "1h");

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public List<CanonicalRecord> normalize(RawMessage msg) {
        JsonNode data = Fields.object(msg.data(), "data");
        String seriesName = null;
        for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.startsWith("Time Series")) {
                seriesName = name;
            }
        }
        if (seriesName == null) {
            JsonNode why = first(data, "Error Message", "Note", "Information");
            throw Fields.unsupported("data", why != null ? why.asText() : "no 'Time Series (...)' object");
        }
        JsonNode meta = Fields.object(data.get("Meta Data"), "data.Meta Data");
        String symbol = Fields.symbolText(metaText(meta, "Symbol"), "data.Meta Data.Symbol", Symbols::equity);
        String zoneText = metaText(meta, "Time Zone");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, "data.Meta Data.Time Zone",
                    "unknown time zone '" + zoneText + "'");
        }
        String interval = interval(seriesName);
        boolean daily = interval.equals("1d");
        String currency = zone.getId().equals("US/Eastern") || zone.getId().equals("America/New_York") ? "USD" : null;

        RecordSink sink = new RecordSink(NAME, msg);
        String seriesAt = path("data", seriesName);
        JsonNode series = Fields.object(data.get(seriesName), seriesAt);
        for (Iterator<Map.Entry<String, JsonNode>> it = series.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path(seriesAt, e.getKey());
            JsonNode v = Fields.object(e.getValue(), at);
            Instant ts = daily ? date(e.getKey(), zone, at) : local(e.getKey(), zone, at);
            sink.add(sink.start(Kind.BAR, symbol, ts, at, Intervals.barSeq(interval))
                    .assetClass("equity")
                    .currency(currency)
                    .interval(interval)
                    .open(Fields.positive(value(v, "open", at), at + ".open"))
                    .high(Fields.positive(value(v, "high", at), at + ".high"))
                    .low(Fields.positive(value(v, "low", at), at + ".low"))
                    .close(Fields.positive(value(v, "close", at), at + ".close"))
                    .volume(Fields.nonNegative(value(v, "volume", at), at + ".volume")));
        }
        return sink.records();
    }

    /** {@code "Time Series (5min)"} → 5m, {@code "Time Series (Daily)"} → 1d; 15min and 30min have no canonical interval. */
    private static String interval(String seriesName) {
        int open = seriesName.indexOf('(');
        int close = seriesName.indexOf(')');
        String inner = open >= 0 && close > open ? seriesName.substring(open + 1, close) : "";
        if (inner.equals("Daily")) {
            return "1d";
        }
        String canonical = INTERVALS.get(inner);
        if (canonical == null) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, path("data", seriesName),
                    "'" + inner + "' has no canonical interval (1min, 5min, 60min, Daily are supported)");
        }
        return canonical;
    }

    private static Instant local(String key, ZoneId zone, String at) {
        LocalDateTime ldt;
        try {
            ldt = LocalDateTime.parse(key, LOCAL);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, at, "'" + key + "' is not 'yyyy-MM-dd HH:mm:ss'");
        }
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(ldt);
        if (offsets.isEmpty()) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, at,
                    "'" + key + "' does not exist in " + zone + " (daylight-saving gap)");
        }
        return ldt.toInstant(offsets.getFirst());
    }

    private static Instant date(String key, ZoneId zone, String at) {
        try {
            return LocalDate.parse(key).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, at, "'" + key + "' is not 'yyyy-MM-dd'");
        }
    }

    /** The value of a key named {@code "N. name"} (any N), as text. */
    private static String metaText(JsonNode meta, String name) {
        JsonNode v = byName(meta, name);
        if (v == null || v.isNull()) {
            throw InvalidInputException.missing("data.Meta Data." + name);
        }
        if (!v.isTextual()) {
            throw Fields.wrongType("data.Meta Data." + name, "a string", v);
        }
        return v.textValue();
    }

    private static BigDecimal value(JsonNode bar, String name, String at) {
        JsonNode v = byName(bar, name);
        if (v == null || v.isNull()) {
            throw InvalidInputException.missing(at + "." + name);
        }
        return Fields.decimalOf(v, at + "." + name);
    }

    private static JsonNode byName(JsonNode obj, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            int dot = key.indexOf(". ");
            if ((dot >= 0 ? key.substring(dot + 2) : key).equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static JsonNode first(JsonNode obj, String... names) {
        for (String n : names) {
            if (obj.hasNonNull(n)) {
                return obj.get(n);
            }
        }
        return null;
    }
}
