package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** news / news_sources / news_sentiment against real PostgreSQL. */
class NewsRepositoryTest {
    static TestDatabase db;
    static NewsRepository news;
    static final Instant T = Instant.parse("2024-06-24T18:33:53Z");

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        news = new NewsRepository(db.pool, new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static NewsRepository.Story story(String provider, String providerId, List<String> symbols, String raw) {
        return new NewsRepository.Story("n1", "hash1", provider, providerId, "Headline", "Summary", null,
                "https://x.test/a", "Benzinga", null, T, null, symbols, "[]", raw);
    }

    static NewsRepository.Score score(String symbol, double v, String raw) {
        return new NewsRepository.Score("n1", symbol, "m", "1", v, T, raw);
    }

    @Test
    void aStoryFromTwoProvidersIsStoredOnceWithEverySymbolAndBothSightings() {
        Set<String> first = news.store(List.of(story("alpaca", "24918784", List.of("CRSR"), "raw-a")),
                List.of(score("CRSR", 0.7, "raw-a")), "raw-a").await().indefinitely();
        assertThat(first).containsExactly("n1|CRSR");
        // redelivered: the same keys again (its alerts are re-sent under the same ids), nothing new stored
        assertThat(news.store(List.of(story("alpaca", "24918784", List.of("CRSR"), "raw-a")),
                List.of(score("CRSR", 0.7, "raw-a")), "raw-a").await().indefinitely()).containsExactly("n1|CRSR");
        // the same story through Polygon, naming one more symbol: only the new symbol's score is this event's
        Set<String> second = news.store(List.of(story("polygon", "X1", List.of("CRSR", "AAPL"), "raw-p")),
                List.of(score("CRSR", 0.1, "raw-p"), score("AAPL", 0.2, "raw-p")), "raw-p").await().indefinitely();
        assertThat(second).containsExactly("n1|AAPL");

        var row = db.pool.preparedQuery("SELECT count(*), min(provider), min(symbols::text) FROM news WHERE news_id = 'n1'")
                .execute().await().indefinitely().iterator().next();
        assertThat(row.getLong(0)).isEqualTo(1);
        assertThat(row.getString(1)).isEqualTo("alpaca");
        assertThat(row.getString(2)).isEqualTo("{AAPL,CRSR}");
        long sources = db.pool.preparedQuery("SELECT count(*) FROM news_sources WHERE news_id = $1").execute(Tuple.of("n1"))
                .await().indefinitely().iterator().next().getLong(0);
        assertThat(sources).isEqualTo(2);

        Map<String, List<NewsRepository.Scored>> scores = news.scores(List.of("CRSR", "AAPL", "MSFT"), "m", "1",
                T.minusSeconds(60), T).await().indefinitely();
        assertThat(scores.get("CRSR")).extracting(NewsRepository.Scored::score).containsExactly(0.7);
        assertThat(scores.get("AAPL")).extracting(NewsRepository.Scored::score).containsExactly(0.2);
        assertThat(scores).doesNotContainKey("MSFT");
        assertThat(news.scores(List.of("CRSR"), "m", "1", T.plusSeconds(1), T.plusSeconds(60)).await().indefinitely())
                .isEmpty();
    }
}
