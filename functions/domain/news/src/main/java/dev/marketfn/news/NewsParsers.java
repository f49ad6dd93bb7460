package dev.marketfn.news;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The providers that publish news, by the raw event's {@code provider} extension. Immutable and thread-safe. */
public final class NewsParsers {
    private final Map<String, NewsParser> parsers;

    private NewsParsers(List<NewsParser> list) {
        java.util.LinkedHashMap<String, NewsParser> m = new java.util.LinkedHashMap<>();
        list.forEach(p -> m.put(p.provider(), p));
        parsers = Map.copyOf(m);
    }

    public static NewsParsers standard() {
        return new NewsParsers(List.of(new AlpacaNews(), new FinnhubNews(), new PolygonNews()));
    }

    public NewsParser parser(String provider) {
        if (provider == null || provider.isBlank()) {
            throw new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "provider",
                    "news raw events name their feed in the 'provider' extension");
        }
        NewsParser p = parsers.get(provider.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new InvalidInputException(RejectReason.UNKNOWN_PROVIDER, "provider",
                    "'" + provider + "' publishes no news marketfn reads; one of " + parsers.keySet());
        }
        return p;
    }

    /**
     * Every story of the payload, or an {@link InvalidInputException} and none. Parsers are pure functions of the
     * payload, so anything else one throws would fail again on every redelivery: it is an {@code INVALID_VALUE}.
     */
    public List<NewsRecord> parse(String provider, JsonNode data, String rawEventId, Instant ingestTs) {
        NewsParser p = parser(provider);
        try {
            return p.parse(data, rawEventId, ingestTs);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new InvalidInputException(RejectReason.INVALID_VALUE, "data", "the " + p.provider()
                    + " news cannot be read (" + (detail.length() > 200 ? detail.substring(0, 200) + "…" : detail) + ")");
        }
    }
}
