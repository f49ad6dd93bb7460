package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code news}, {@code news_sources}, {@code news_sentiment} (docs/news.md). A story is stored once per
 * {@code news_id}; a later provider's sighting adds its row to news_sources and any symbols it names that the stored
 * story lacked. Scores are append-only per (story, symbol, model, version).
 */
@ApplicationScoped
public class NewsRepository {
    private final Pool pool;
    private final StoreTimer timer;

    public NewsRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.timer = new StoreTimer(registry);
    }

    /** One story as stored; {@code insightsJson} is a JSON array. */
    public record Story(String newsId, String contentHash, String provider, String providerNewsId, String headline,
            String summary, String body, String url, String source, String author, Instant publishedTs,
            Instant updatedTs, List<String> symbols, String insightsJson, String rawEventId) {
    }

    public record Score(String newsId, String symbol, String model, String modelVersion, double score,
            Instant publishedTs, String rawEventId) {
    }

    /** A stored score of a symbol, for the rolling features. */
    public record Scored(String symbol, Instant publishedTs, double score) {
    }

    /**
     * Stores stories and scores in one transaction and answers the {@code news_id|symbol} keys of the scores that
     * belong to {@code rawEventId}: new ones, and those a previous delivery of the same raw event stored (so a
     * redelivery raises its alerts again, under the same ids, and a second provider's copy of a story raises none).
     */
    public Uni<Set<String>> store(List<Story> stories, List<Score> scores, String rawEventId) {
        if (stories.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.withTransaction(conn -> insertStories(conn, stories)
                .chain(() -> insertSources(conn, stories))
                .chain(() -> insertScores(conn, scores, rawEventId)));
    }

    private Uni<Void> insertStories(SqlClient conn, List<Story> stories) {
        List<Tuple> rows = new ArrayList<>();
        for (Story s : stories) {
            rows.add(Tuple.from(new Object[] {s.newsId(), s.contentHash(), s.provider(), s.providerNewsId(),
                    s.headline(), s.summary(), s.body(), s.url(), s.source(), s.author(), Sql.ts(s.publishedTs()),
                    s.updatedTs() == null ? null : Sql.ts(s.updatedTs()), s.symbols().toArray(String[]::new),
                    s.insightsJson(), s.rawEventId()}));
        }
        return timer.time("news", () -> conn.preparedQuery("""
                INSERT INTO news AS n (news_id, content_hash, provider, provider_news_id, headline, summary, body, url,
                    source, author, published_ts, updated_ts, symbols, insights, raw_event_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15)
                ON CONFLICT (news_id) DO UPDATE
                    SET symbols = ARRAY(SELECT DISTINCT unnest(n.symbols || EXCLUDED.symbols) ORDER BY 1)
                    WHERE NOT n.symbols @> EXCLUDED.symbols""")
                .executeBatch(rows).replaceWithVoid());
    }

    private Uni<Void> insertSources(SqlClient conn, List<Story> stories) {
        List<Tuple> rows = new ArrayList<>();
        for (Story s : stories) {
            rows.add(Tuple.of(s.newsId(), s.provider(), s.providerNewsId(), s.rawEventId()));
        }
        return timer.time("news_sources", () -> conn.preparedQuery("""
                INSERT INTO news_sources (news_id, provider, provider_news_id, raw_event_id) VALUES ($1, $2, $3, $4)
                ON CONFLICT DO NOTHING""").executeBatch(rows).replaceWithVoid());
    }

    private Uni<Set<String>> insertScores(SqlClient conn, List<Score> scores, String rawEventId) {
        if (scores.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int n = scores.size();
        String[] ids = new String[n];
        String[] symbols = new String[n];
        String[] models = new String[n];
        String[] versions = new String[n];
        Double[] values = new Double[n];
        OffsetDateTime[] published = new OffsetDateTime[n];
        String[] raws = new String[n];
        for (int i = 0; i < n; i++) {
            Score s = scores.get(i);
            ids[i] = s.newsId();
            symbols[i] = s.symbol();
            models[i] = s.model();
            versions[i] = s.modelVersion();
            values[i] = s.score();
            published[i] = Sql.ts(s.publishedTs());
            raws[i] = s.rawEventId();
        }
        return timer.time("news_sentiment", () -> conn.preparedQuery("""
                WITH added AS (
                    INSERT INTO news_sentiment (news_id, symbol, model, model_version, score, published_ts, raw_event_id)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[],
                        $6::timestamptz[], $7::text[])
                    ON CONFLICT DO NOTHING
                    RETURNING news_id, symbol)
                SELECT news_id, symbol FROM added
                UNION
                SELECT news_id, symbol FROM news_sentiment WHERE raw_event_id = $8 AND news_id = ANY($1)""")
                .execute(Tuple.from(new Object[] {ids, symbols, models, versions, values, published, raws, rawEventId}))
                .map(rows -> {
                    Set<String> owned = new HashSet<>();
                    for (Row r : rows) {
                        owned.add(r.getString(0) + "|" + r.getString(1));
                    }
                    return owned;
                }));
    }

    /** The scores of {@code symbols} by one model published in {@code [from, to]}, oldest first. */
    public Uni<Map<String, List<Scored>>> scores(Collection<String> symbols, String model, String version, Instant from,
            Instant to) {
        return scores(pool, symbols, model, version, from, to);
    }

    public Uni<Map<String, List<Scored>>> scores(SqlClient client, Collection<String> symbols, String model,
            String version, Instant from, Instant to) {
        if (symbols.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // news_scores (V041) is also what marketfn backtest reads: live and replayed features from the same rows
        return timer.time("news_sentiment", () -> client.preparedQuery(
                "SELECT symbol, published_ts, score FROM news_scores($1, $2, $3, $4, $5)")
                .execute(Tuple.from(new Object[] {symbols.toArray(String[]::new), model, version, Sql.ts(from), Sql.ts(to)}))
                .map(rows -> {
                    Map<String, List<Scored>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent(r.getString(0), k -> new ArrayList<>())
                                .add(new Scored(r.getString(0), r.getOffsetDateTime(1).toInstant(), r.getDouble(2)));
                    }
                    return out;
                }));
    }
}
