package dev.marketfn.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Decimals;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.contracts.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Typed reads from the Jackson tree; every failure is an {@link InvalidInputException} naming the JSON path
 * ({@code data[2].p}) so a rejected message says exactly which field was wrong.
 */
final class Fields {
    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

    private Fields() {
    }

    static String path(String parent, String name) {
        return parent + "." + name;
    }

    static String path(String parent, int index) {
        return parent + "[" + index + "]";
    }

    static JsonNode required(JsonNode obj, String name, String parent) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            throw InvalidInputException.missing(path(parent, name));
        }
        return v;
    }

    static boolean present(JsonNode obj, String name) {
        JsonNode v = obj.get(name);
        return v != null && !v.isNull();
    }

    static JsonNode object(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw InvalidInputException.missing(field);
        }
        if (!node.isObject()) {
            throw wrongType(field, "an object", node);
        }
        return node;
    }

    static JsonNode array(JsonNode obj, String name, String parent) {
        JsonNode v = required(obj, name, parent);
        if (!v.isArray()) {
            throw wrongType(path(parent, name), "an array", v);
        }
        return v;
    }

    static String text(JsonNode obj, String name, String parent) {
        JsonNode v = required(obj, name, parent);
        if (!v.isTextual()) {
            throw wrongType(path(parent, name), "a string", v);
        }
        return v.textValue();
    }

    /** A string field, or null when absent. */
    static String optText(JsonNode obj, String name, String parent) {
        return present(obj, name) ? text(obj, name, parent) : null;
    }

    /** A symbol, canonicalised by {@code canon}; a value that cannot be a symbol is INVALID_VALUE at its path. */
    static String symbol(JsonNode obj, String name, String parent, UnaryOperator<String> canon) {
        return symbolText(text(obj, name, parent), path(parent, name), canon);
    }

    static String symbolText(String raw, String field, UnaryOperator<String> canon) {
        try {
            return canon.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, field, e.getMessage());
        }
    }

    /** A whole number given as a JSON integer or a string of digits (several providers send ids as strings). */
    static long longValue(JsonNode obj, String name, String parent) {
        return longOf(required(obj, name, parent), path(parent, name));
    }

    static long longOf(JsonNode v, String field) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.textValue().trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(RejectReason.WRONG_TYPE, field, "'" + v.textValue() + "' is not an integer");
            }
        }
        throw wrongType(field, "an integer", v);
    }

    /**
     * An exact decimal from a JSON number (read as BigDecimal by {@code Json.MAPPER}, so the text's digits are kept) or
     * a numeric string. NaN/Infinity are NOT_FINITE; a value outside {@link Decimals}' range (at most 38 digits before
     * and 38 after the point, e.g. not {@code 1e999999999}) is OUT_OF_RANGE.
     */
    static BigDecimal decimal(JsonNode obj, String name, String parent) {
        return decimalOf(required(obj, name, parent), path(parent, name));
    }

    static BigDecimal decimalOf(JsonNode v, String field) {
        if (v.isBigDecimal() || v.isIntegralNumber()) {
            return Decimals.checked(v.decimalValue(), field);
        }
        if (v.isDouble() || v.isFloat()) {
            // A tree from a mapper without USE_BIG_DECIMAL_FOR_FLOATS: the shortest text of the double is what the
            // provider most likely wrote, and never shows binary noise such as 185.11999999.
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw new InvalidInputException(RejectReason.NOT_FINITE, field, "not a finite number");
            }
            return parseDecimal(v.asText(), field);
        }
        if (v.isTextual()) {
            return parseDecimal(v.textValue(), field);
        }
        throw wrongType(field, "a number", v);
    }

    static BigDecimal parseDecimal(String text, String field) {
        String t = text.trim();
        if (t.length() > Decimals.MAX_TEXT_LENGTH) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, field,
                    "a " + t.length() + "-character string is not a decimal number");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(t);
        } catch (NumberFormatException e) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.contains("nan") || lower.contains("inf")) {
                throw new InvalidInputException(RejectReason.NOT_FINITE, field, "'" + text + "' is not a finite number");
            }
            throw new InvalidInputException(RejectReason.WRONG_TYPE, field, "'" + text + "' is not a decimal number");
        }
        return Decimals.checked(value, field);
    }

    /** A whole, non-negative count (e.g. a bar's trade count) given as a decimal. */
    static long count(BigDecimal v, String field) {
        BigDecimal n = nonNegative(v, field);
        if (n.scale() > 0) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, field,
                    Decimals.describe(n) + " is not a whole number");
        }
        if (n.compareTo(MAX_LONG) > 0) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, field,
                    Decimals.describe(n) + " exceeds " + Long.MAX_VALUE);
        }
        return n.longValueExact();
    }

    /** Seconds since the epoch as an instant; beyond what an Instant holds is OUT_OF_RANGE, not a DateTimeException. */
    static Instant epochSeconds(JsonNode obj, String name, String parent) {
        long seconds = longValue(obj, name, parent);
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, path(parent, name),
                    seconds + " seconds since the epoch is not a representable instant");
        }
        return Instant.ofEpochSecond(seconds);
    }

    /**
     * A bar's interval and prices and volume from the one-letter fields Alpaca, Polygon and Binance share
     * ({@code o h l c}: prices, {@code v}: volume); the fields each names differently are the adapter's.
     */
    static CanonicalRecord.Builder ohlcv(CanonicalRecord.Builder b, String interval, JsonNode bar, String at) {
        return b.interval(interval)
                .open(price(bar, "o", at))
                .high(price(bar, "h", at))
                .low(price(bar, "l", at))
                .close(price(bar, "c", at))
                .volume(nonNegative(bar, "v", at));
    }

    /**
     * Whether a trade with these condition codes sets the last price: none of them is one of the provider's
     * {@code noLast} codes (Polygon's and Finnhub's tables of "updates last: false").
     */
    static boolean setsLast(List<String> codes, Set<String> noLast) {
        for (String c : codes) {
            if (noLast.contains(c)) {
                return false;
            }
        }
        return true;
    }

    /** A trade price: strictly positive. */
    static BigDecimal price(JsonNode obj, String name, String parent) {
        return positive(decimal(obj, name, parent), path(parent, name));
    }

    static BigDecimal positive(BigDecimal v, String field) {
        if (v.signum() <= 0) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, field, "must be > 0, was " + Decimals.describe(v));
        }
        return v;
    }

    /** A size, volume, or quote price (0 means an empty side): not negative. */
    static BigDecimal nonNegative(JsonNode obj, String name, String parent) {
        return nonNegative(decimal(obj, name, parent), path(parent, name));
    }

    static BigDecimal nonNegative(BigDecimal v, String field) {
        if (v.signum() < 0) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, field, "must be >= 0, was " + Decimals.describe(v));
        }
        return v;
    }

    static Instant epochMillis(JsonNode obj, String name, String parent) {
        return Instant.ofEpochMilli(longValue(obj, name, parent));
    }

    /** RFC 3339 / ISO-8601 with offset; nanoseconds are truncated to microseconds. */
    static Instant iso(JsonNode obj, String name, String parent) {
        return isoText(text(obj, name, parent), path(parent, name));
    }

    static Instant isoText(String text, String field) {
        try {
            return Timestamps.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, field, "'" + text + "' is not an ISO-8601 timestamp with offset");
        }
    }

    /** Condition codes as strings, verbatim: a JSON array of strings or numbers, or absent (empty). */
    static List<String> codes(JsonNode obj, String name, String parent) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        String field = path(parent, name);
        if (!v.isArray()) {
            throw wrongType(field, "an array", v);
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode c = v.get(i);
            if (c.isTextual()) {
                out.add(c.textValue());
            } else if (c.isIntegralNumber()) {
                out.add(c.asText());
            } else {
                throw wrongType(path(field, i), "a string or integer", c);
            }
        }
        return out;
    }

    static InvalidInputException wrongType(String field, String expected, JsonNode actual) {
        return new InvalidInputException(RejectReason.WRONG_TYPE, field,
                "expected " + expected + ", got " + actual.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    static InvalidInputException unsupported(String field, String detail) {
        return new InvalidInputException(RejectReason.UNSUPPORTED_MESSAGE, field, detail);
    }
}
