package dev.marketfn.news;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.contracts.Timestamps;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads news fields and enforces the limits of docs/news.md; every failure names its field as a path under
 * {@code data} ({@code data.news[2].headline}), as the trade adapters do.
 */
final class NewsFields {
    /** Stories one event may hold (a REST page is at most 50 on Alpaca, 1000 on Polygon). */
    static final int MAX_STORIES = 1000;
    static final int MAX_HEADLINE = 2_000;
    static final int MAX_SUMMARY = 20_000;
    static final int MAX_BODY = 500_000;
    static final int MAX_URL = 2_048;
    static final int MAX_NAME = 500;
    static final int MAX_SYMBOLS = 200;
    /** Earliest publication accepted: before it a time is a unit error (seconds read as milliseconds, or 0). */
    static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");

    private NewsFields() {
    }

    static String path(String at, String field) {
        return at + "." + field;
    }

    static String path(String at, int index) {
        return at + "[" + index + "]";
    }

    static JsonNode object(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            throw InvalidInputException.missing(at);
        }
        if (!node.isObject()) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, at, "expected a JSON object");
        }
        return node;
    }

    static JsonNode array(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            throw InvalidInputException.missing(at);
        }
        if (!node.isArray()) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, at, "expected a JSON array");
        }
        if (node.size() > MAX_STORIES) {
            throw new InvalidInputException(RejectReason.TOO_LARGE, at,
                    node.size() + " stories; at most " + MAX_STORIES + " per event");
        }
        return node;
    }

    /** A required, non-blank text of at most {@code max} characters. */
    static String text(JsonNode m, String name, String at, int max) {
        String v = optText(m, name, at, max);
        if (v == null || v.isBlank()) {
            throw InvalidInputException.missing(path(at, name));
        }
        return v;
    }

    /** An optional text; blank is absent. */
    static String optText(JsonNode m, String name, String at, int max) {
        JsonNode v = m.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, path(at, name), "expected a string");
        }
        String s = v.asText();
        if (s.length() > max) {
            throw new InvalidInputException(RejectReason.TOO_LARGE, path(at, name),
                    s.length() + " characters; at most " + max);
        }
        return s.isBlank() ? null : s;
    }

    /** An id the provider gives as a number or a string, as text. */
    static String id(JsonNode m, String name, String at) {
        JsonNode v = m.get(name);
        if (v == null || v.isNull()) {
            throw InvalidInputException.missing(path(at, name));
        }
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        if (v.isTextual() && !v.asText().isBlank() && v.asText().length() <= MAX_NAME) {
            return v.asText();
        }
        throw new InvalidInputException(RejectReason.WRONG_TYPE, path(at, name), "expected an integer or a non-empty string");
    }

    /** An RFC 3339 time, to the microsecond. */
    static Instant time(JsonNode m, String name, String at, Instant ingest) {
        String s = optText(m, name, at, 64);
        if (s == null) {
            throw InvalidInputException.missing(path(at, name));
        }
        try {
            return checked(Timestamps.parse(s), path(at, name), ingest);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, path(at, name), "'" + s + "' is not an RFC 3339 time");
        }
    }

    static Instant optTime(JsonNode m, String name, String at, Instant ingest) {
        return m.hasNonNull(name) && !m.get(name).asText().isBlank() ? time(m, name, at, ingest) : null;
    }

    /** Unix seconds (Finnhub {@code datetime}). */
    static Instant epochSeconds(JsonNode m, String name, String at, Instant ingest) {
        JsonNode v = m.get(name);
        if (v == null || v.isNull()) {
            throw InvalidInputException.missing(path(at, name));
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, path(at, name), "expected integer Unix seconds");
        }
        long s = v.longValue();
        if (s < 0 || s > 32_503_680_000L) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, path(at, name), s + " is not a Unix time in seconds");
        }
        return checked(Instant.ofEpochSecond(s), path(at, name), ingest);
    }

    /** Not before 1990 (a unit error) and not more than a day after the platform saw it (a clock or unit error). */
    private static Instant checked(Instant t, String field, Instant ingest) {
        Instant micros = Timestamps.micros(t);
        if (micros.isBefore(EARLIEST) || micros.isAfter(ingest.plusSeconds(86_400))) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, field,
                    Timestamps.format(micros) + " is before 1990 or more than a day after it was received");
        }
        return micros;
    }

    /** An absolute http(s) URL, or null. */
    static String url(JsonNode m, String name, String at) {
        String s = optText(m, name, at, MAX_URL);
        if (s == null) {
            return null;
        }
        try {
            URI u = new URI(s.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new InvalidInputException(RejectReason.INVALID_VALUE, path(at, name), "not an absolute http(s) URL");
            }
            return u.toString();
        } catch (URISyntaxException e) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, path(at, name), "not a URL: " + e.getReason());
        }
    }

    /** The provider's tickers: an array of strings, or, where {@code commaText} (Finnhub {@code related}), comma-separated text. */
    static List<String> tickers(JsonNode m, String name, String at, boolean commaText) {
        JsonNode v = m.get(name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual() && commaText) {
            for (String part : v.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        } else if (v.isArray() && !commaText) {
            for (int i = 0; i < v.size(); i++) {
                JsonNode t = v.get(i);
                if (!t.isTextual()) {
                    throw new InvalidInputException(RejectReason.WRONG_TYPE, path(path(at, name), i), "expected a string");
                }
                if (!t.asText().isBlank()) {
                    out.add(t.asText().strip());
                }
            }
        } else {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, path(at, name),
                    commaText ? "expected comma-separated text" : "expected an array of strings");
        }
        if (out.size() > MAX_SYMBOLS) {
            throw new InvalidInputException(RejectReason.TOO_LARGE, path(at, name),
                    out.size() + " symbols; at most " + MAX_SYMBOLS);
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).length() > 32) {
                throw new InvalidInputException(RejectReason.TOO_LARGE, path(path(at, name), i), "a symbol of over 32 characters");
            }
        }
        return out;
    }
}
