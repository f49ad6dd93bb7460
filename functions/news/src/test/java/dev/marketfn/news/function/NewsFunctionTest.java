package dev.marketfn.news.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.empty;

import dev.marketfn.contracts.EventIds;
import dev.marketfn.runtime.testing.MarketfnInfra;
import dev.marketfn.store.InstrumentRepository;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The news function over HTTP, binary-mode CloudEvents, against real PostgreSQL (and Kafka) from MarketfnInfra. */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class NewsFunctionTest {
    @Inject
    Pool pool;
    @Inject
    InstrumentRepository instruments;

    @BeforeEach
    void instruments() {
        instruments.loadCsv("""
                symbol,exchange_mic,asset_class,currency,isin,name
                CRSR,XNAS,equity,USD,,Corsair Gaming
                AAPL,XNAS,equity,USD,,Apple
                """).await().indefinitely();
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = NewsFunctionTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Response post(String id, String provider, String body) {
        return given().header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", "dev.marketfn.news.raw.v1")
                .header("ce-source", "/providers/" + provider).header("ce-provider", provider)
                .contentType("application/json").body(body).post("/");
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void alpacaStreamFrameIsStoredScoredAndEnriched() throws IOException {
        post("news-alpaca-1", "alpaca", fixture("alpaca-stream.json")).then().statusCode(200)
                .header("ce-type", "dev.marketfn.news.enriched.v1")
                .header("ce-source", "/marketfn/news")
                .header("ce-id", EventIds.derive("news-alpaca-1", "news"))
                .header("ce-symbol", "CRSR")
                .header("ce-dataschema", "https://marketfn.dev/schemas/news.enriched.v1.json")
                .body("records", hasSize(1))
                .body("records[0].provider_news_id", equalTo("24918784"))
                .body("records[0].symbols[0]", equalTo("CRSR"))
                .body("records[0].published_ts", equalTo("2022-01-05T22:00:37.000000Z"))
                .body("records[0].sentiment[0].symbol", equalTo("CRSR"))
                .body("records[0].sentiment[0].model", equalTo("afinn165-fmn-negation"));
        String body = pool.preparedQuery("SELECT body FROM news WHERE provider_news_id = '24918784'").execute()
                .await().indefinitely().iterator().next().getString(0);
        assertThat(body).doesNotContain("<").contains("iDisplay is a leading provider of monitors.");
        assertThat(count("SELECT count(*) FROM raw_events WHERE event_id = $1", "news-alpaca-1")).isEqualTo(1);
    }

    @Test
    void aStoryNamedByTwoProvidersIsStoredOnce() throws IOException {
        post("news-dup-a", "alpaca", fixture("alpaca-rest.json")).then().statusCode(200);
        // the same Benzinga story through Polygon: its own id and URL, published a few seconds later
        String polygon = """
                {"results":[{"id":"pg-24843171","title":"Apple Leader in Phone Sales in China for Second Straight Month in November With 23.6% Share, According to Market Research Data",
                 "publisher":{"name":"Benzinga"},"published_utc":"2021-12-31T11:08:45Z","author":"Charles Gross",
                 "article_url":"https://www.benzinga.com/news/21/12/24843171/?utm_source=polygon","tickers":["AAPL"]}],"status":"OK"}""";
        post("news-dup-p", "polygon", polygon).then().statusCode(200).body("records", hasSize(1));
        assertThat(count("SELECT count(*) FROM news WHERE headline LIKE 'Apple Leader in Phone Sales%'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM news_sources s JOIN news n USING (news_id) WHERE n.headline LIKE 'Apple Leader%'"))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM news_sentiment t JOIN news n USING (news_id) WHERE n.headline LIKE 'Apple Leader%'"))
                .isEqualTo(1);
    }

    @Test
    void aStoryWithNoResolvableSymbolIsKeptWithAnEmptyList() throws IOException {
        post("news-market-1", "finnhub", fixture("finnhub-market-news.json")).then().statusCode(200)
                .body("records[0].symbols", empty())
                .body("records[0].sentiment[0].symbol", equalTo("*"));
        // a ticker the instrument table does not know resolves to nothing: the story is kept all the same
        post("news-unknown-1", "polygon", fixture("polygon-news.json")).then().statusCode(200)
                .body("records[0].symbols", empty());
        assertThat(count("SELECT count(*) FROM news WHERE provider_news_id IN ('5085164', "
                + "'8ec638777ca03b553ae516761c2a22ba2fdd2f37befae3ab6fdab74e9e5193eb') AND symbols = '{}'")).isEqualTo(2);
    }

    @Test
    void aStrongStoryNamingASymbolRaisesNewsSignificant() {
        String strong = """
                [{"T":"n","id":990001,"headline":"Apple shares surge to record high after blowout earnings beat and upgrade",
                  "summary":"<p>AAPL soared on <b>outstanding</b> growth.</p>","created_at":"2024-03-01T14:30:00Z",
                  "symbols":["AAPL"],"source":"benzinga"}]""";
        post("news-strong-1", "alpaca", strong).then().statusCode(200)
                .body("records[0].summary", equalTo("AAPL soared on outstanding growth."));
        // the alert is a side event (K_SINK / Kafka); its content is what NewsAlert makes, tested in domain/news;
        // here the stored score that raised it
        double score = pool.preparedQuery("SELECT score FROM news_sentiment s JOIN news n USING (news_id) "
                + "WHERE n.provider_news_id = '990001' AND s.symbol = 'AAPL'").execute().await().indefinitely()
                .iterator().next().getDouble(0);
        assertThat(score).isGreaterThanOrEqualTo(0.6);
    }

    @Test
    void malformedOrOversizedNewsIsRejectedWithTheFieldNamed() {
        post("news-bad-1", "alpaca", "[{\"T\":\"n\",\"id\":1,\"created_at\":\"2024-01-02T03:04:05Z\"}]").then().statusCode(200)
                .header("ce-type", "dev.marketfn.rejected.v1")
                .body("reason", equalTo("MISSING_FIELD")).body("field", equalTo("data[0].headline"));
        String huge = "x".repeat(2_001);
        post("news-bad-2", "finnhub", "[{\"id\":1,\"headline\":\"" + huge + "\",\"datetime\":1569550360}]").then()
                .statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("reason", equalTo("TOO_LARGE")).body("field", equalTo("data[0].headline"));
        post("news-bad-3", "ibkr", "[]").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("reason", equalTo("UNKNOWN_PROVIDER"));
        assertThat(count("SELECT count(*) FROM rejected_events WHERE input_id IN ('news-bad-1', 'news-bad-2')")).isEqualTo(2);
    }
}
