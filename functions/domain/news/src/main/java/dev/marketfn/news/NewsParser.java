package dev.marketfn.news;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One provider's news payload → canonical news records, symbols not yet resolved (they hold the provider's tickers
 * in canonical form). All or nothing: a bad field anywhere rejects the whole event, naming the field.
 */
public interface NewsParser {
    String provider();

    List<NewsRecord> parse(JsonNode data, String rawEventId, Instant ingestTs);
}
