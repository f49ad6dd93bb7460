package dev.marketfn.news;

import static dev.marketfn.news.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewsParsersTest {
    private final NewsParsers parsers = NewsParsers.standard();

    @Test
    void alpacaStreamFrameBecomesOnePlainTextStory() {
        List<NewsRecord> out = parsers.parse("alpaca", Fixtures.json("alpaca-stream.json"), "raw-1", NOW);
        assertThat(out).hasSize(1);
        NewsRecord r = out.get(0);
        assertThat(r.providerNewsId()).isEqualTo("24918784");
        assertThat(r.provider()).isEqualTo("alpaca");
        assertThat(r.headline()).isEqualTo("Corsair Reports Purchase Of Majority Ownership In iDisplay, No Terms Disclosed");
        assertThat(r.summary()).startsWith("Corsair Gaming, Inc. (NASDAQ:CRSR) (\"Corsair\"), a leading");
        assertThat(r.body()).contains("(NASDAQ: CRSR ) (\"Corsair\")").contains("iDisplay is a leading provider of monitors.")
                .doesNotContain("<").doesNotContain("href");
        assertThat(r.publishedTs()).isEqualTo(Instant.parse("2022-01-05T22:00:37Z"));
        assertThat(r.updatedTs()).isEqualTo(Instant.parse("2022-01-05T22:00:38Z"));
        assertThat(r.symbols()).containsExactly("CRSR");
        assertThat(r.source()).isEqualTo("benzinga");
        assertThat(r.author()).isEqualTo("Benzinga Newsdesk");
        assertThat(r.rawEventId()).isEqualTo("raw-1");
        assertThat(r.contentHash()).hasSize(64);
    }

    @Test
    void alpacaControlMessagesAreSkippedAndOtherKindsRejected() {
        assertThat(parsers.parse("alpaca", Fixtures.parse("""
                [{"T":"success","msg":"connected"},{"T":"subscription","news":["*"]}]"""), "r", NOW)).isEmpty();
        assertThatThrownBy(() -> parsers.parse("alpaca", Fixtures.parse("[{\"T\":\"t\",\"S\":\"AAPL\"}]"), "r", NOW))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo("UNSUPPORTED_MESSAGE");
                    assertThat(e.field()).isEqualTo("data[0].T");
                });
    }

    @Test
    void alpacaRestPage() {
        List<NewsRecord> out = parsers.parse("alpaca", Fixtures.json("alpaca-rest.json"), "raw-2", NOW);
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.providerNewsId()).isEqualTo("24843171");
            assertThat(r.symbols()).containsExactly("AAPL");
            assertThat(r.url()).startsWith("https://www.benzinga.com/news/21/12/24843171/");
            assertThat(r.body()).isEqualTo("This headline-only article is meant to show you why a stock is moving, the most difficult aspect of stock trading....");
        });
    }

    @Test
    void finnhubCompanyAndMarketNews() {
        NewsRecord company = parsers.parse("finnhub", Fixtures.json("finnhub-company-news.json"), "r", NOW).get(0);
        assertThat(company.providerNewsId()).isEqualTo("25286");
        assertThat(company.publishedTs()).isEqualTo(Instant.ofEpochSecond(1569550360));
        assertThat(company.symbols()).containsExactly("AAPL");
        assertThat(company.source()).isEqualTo("The Economic Times India");
        NewsRecord market = parsers.parse("finnhub", Fixtures.json("finnhub-market-news.json"), "r", NOW).get(0);
        assertThat(market.symbols()).isEmpty();
        assertThat(market.headline()).startsWith("Square surges");
    }

    @Test
    void polygonNewsKeepsTheProviderInsights() {
        NewsRecord r = parsers.parse("polygon", Fixtures.json("polygon-news.json"), "r", NOW).get(0);
        assertThat(r.headline()).isEqualTo("Markets are underestimating Fed cuts: UBS");
        assertThat(r.source()).isEqualTo("Investing.com");
        assertThat(r.author()).isEqualTo("Sam Boughedda");
        assertThat(r.symbols()).containsExactly("UBS");
        assertThat(r.insights()).singleElement().satisfies(i -> {
            assertThat(i.ticker()).isEqualTo("UBS");
            assertThat(i.sentiment()).isEqualTo("positive");
        });
    }

    @Test
    void theSameBenzingaStoryFromTwoProvidersHasOneIdAndHash() {
        NewsRecord alpaca = parsers.parse("alpaca", Fixtures.json("alpaca-stream.json"), "a", NOW).get(0);
        // the same story as Polygon publishes it: its own id, a tracking URL, the time a few seconds later, other case
        NewsRecord polygon = parsers.parse("polygon", Fixtures.parse("""
                {"results":[{"id":"X1","title":"Corsair reports purchase of majority ownership in iDisplay; no terms disclosed",
                 "publisher":{"name":"Benzinga"},"published_utc":"2022-01-05T22:00:41Z",
                 "article_url":"https://www.benzinga.com/m-a/22/01/24918784/?utm_source=polygon","tickers":["CRSR"]}]}"""),
                "p", NOW).get(0);
        assertThat(polygon.newsId()).isEqualTo(alpaca.newsId());
        assertThat(polygon.contentHash()).isEqualTo(alpaca.contentHash());
        NewsRecord other = parsers.parse("finnhub", Fixtures.json("finnhub-market-news.json"), "f", NOW).get(0);
        assertThat(other.newsId()).isNotEqualTo(alpaca.newsId());
    }

    @Test
    void symbolsResolveThroughTheInstrumentTableOrStayEmpty() {
        NewsRecord r = parsers.parse("alpaca", Fixtures.parse("""
                [{"T":"n","id":1,"headline":"Crypto and stocks","created_at":"2024-01-02T03:04:05Z",
                  "symbols":["BTCUSD","AAPL","$SPX","ZZZZ"]}]"""), "r", NOW).get(0);
        assertThat(r.symbols()).containsExactly("BTCUSD", "AAPL", "ZZZZ");
        Set<String> candidates = SymbolResolver.candidates(List.of(r));
        assertThat(candidates).contains("BTC-USD", "AAPL");
        assertThat(SymbolResolver.resolve(r.symbols(), Set.of("BTC-USD", "AAPL"))).containsExactly("BTC-USD", "AAPL");
        assertThat(SymbolResolver.resolve(r.symbols(), Set.of())).isEmpty();
    }

    @Test
    void badInputIsRejectedWithTheFieldNamed() {
        assertRejected("alpaca", "[{\"T\":\"n\",\"id\":1,\"created_at\":\"2024-01-02T03:04:05Z\"}]", "MISSING_FIELD", "data[0].headline");
        assertRejected("alpaca", "[{\"T\":\"n\",\"id\":1,\"headline\":\"<p> </p>\",\"created_at\":\"2024-01-02T03:04:05Z\"}]",
                "MISSING_FIELD", "data[0].headline");
        assertRejected("alpaca", "[{\"T\":\"n\",\"id\":1,\"headline\":\"h\",\"created_at\":\"yesterday\"}]", "INVALID_VALUE", "data[0].created_at");
        assertRejected("alpaca", "[{\"T\":\"n\",\"id\":1,\"headline\":\"h\",\"created_at\":\"2024-01-02T03:04:05Z\",\"symbols\":\"AAPL\"}]",
                "WRONG_TYPE", "data[0].symbols");
        assertRejected("alpaca", "[{\"T\":\"n\",\"id\":1,\"headline\":\"h\",\"created_at\":\"2024-01-02T03:04:05Z\",\"url\":\"javascript:alert(1)\"}]",
                "INVALID_VALUE", "data[0].url");
        assertRejected("alpaca", "{\"news\":{}}", "WRONG_TYPE", "data.news");
        assertRejected("finnhub", "[{\"id\":1,\"headline\":\"h\",\"datetime\":1569550360000}]", "OUT_OF_RANGE", "data[0].datetime");
        assertRejected("finnhub", "[{\"id\":1,\"headline\":\"h\",\"datetime\":\"1569550360\"}]", "WRONG_TYPE", "data[0].datetime");
        assertRejected("polygon", "{\"results\":[{\"id\":\"a\",\"title\":\"t\",\"published_utc\":\"2024-06-24T18:33:53Z\",\"insights\":[{\"ticker\":\"UBS\",\"sentiment\":\"great\"}]}]}",
                "INVALID_VALUE", "data.results[0].insights[0].sentiment");
        assertRejected("polygon", "{\"results\":[{\"id\":\"a\",\"title\":\"t\",\"published_utc\":\"2099-06-24T18:33:53Z\"}]}",
                "OUT_OF_RANGE", "data.results[0].published_utc");
        assertRejected("polygon", "42", "WRONG_TYPE", "data");
        assertRejected("ibkr", "[]", "UNKNOWN_PROVIDER", "provider");
    }

    @Test
    void oversizedNewsIsRejectedWithTheFieldNamed() {
        String big = "x".repeat(NewsFields.MAX_HEADLINE + 1);
        assertRejected("finnhub", "[{\"id\":1,\"headline\":\"" + big + "\",\"datetime\":1569550360}]", "TOO_LARGE", "data[0].headline");
        String many = "[" + "{\"id\":1,\"headline\":\"h\",\"datetime\":1569550360},".repeat(NewsFields.MAX_STORIES) + "{}]";
        assertRejected("finnhub", many, "TOO_LARGE", "data");
        String tickers = "\"A\",".repeat(NewsFields.MAX_SYMBOLS) + "\"B\"";
        assertRejected("polygon", "{\"results\":[{\"id\":\"a\",\"title\":\"t\",\"published_utc\":\"2024-06-24T18:33:53Z\",\"tickers\":[" + tickers + "]}]}",
                "TOO_LARGE", "data.results[0].tickers");
    }

    private void assertRejected(String provider, String json, String reason, String field) {
        assertThatThrownBy(() -> parsers.parse(provider, Fixtures.parse(json), "r", NOW))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
                });
    }
}
