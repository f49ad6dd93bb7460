package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, args);
    }

    @Test
    void anUnknownProviderIsAUsageError() {
        assertThat(run(Map.of(), "ingest", "--provider", "iex", "--symbols", "AAPL")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--provider must be one of alpaca, alpaca-news, polygon, finnhub, coinbase, binance");
    }

    @Test
    void alpacaNewsNeedsAlpacasKeys() {
        assertThat(run(Map.of(), "ingest", "--provider", "alpaca-news", "--symbols", "*")).isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("alpaca-news needs its credentials in APCA_API_KEY_ID");
    }

    @Test
    void finnhubNeedsItsKey() {
        assertThat(run(Map.of(), "ingest", "--provider", "finnhub", "--symbols", "AAPL")).isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("finnhub needs its credentials in FINNHUB_API_KEY");
    }

    @Test
    void missingKeysNameTheVariableAndNeverPrintAKey() {
        assertThat(run(Map.of("APCA_API_KEY_ID", "AKLIVEKEY123"), "ingest", "--provider", "alpaca", "--symbols", "AAPL"))
                .isEqualTo(Main.EXIT_FAILED);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("alpaca needs its credentials in APCA_API_SECRET_KEY").doesNotContain("AKLIVEKEY123");
    }

    @Test
    void noSinkIsAClearError() {
        assertThat(run(Map.of(), "ingest", "--provider", "coinbase", "--symbols", "ETH-USD")).isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("set K_SINK").contains("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void theNewsPollersNeedTheProvidersKeysAndTheirOptionsApplyToThemOnly() {
        assertThat(run(Map.of("POLYGON_API_KEY", " "), "ingest", "--provider", "polygon-news", "--symbols", "AAPL"))
                .isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("polygon-news needs its credentials in POLYGON_API_KEY");
        assertThat(run(Map.of(), "ingest", "--provider", "coinbase", "--symbols", "ETH-USD", "--poll-interval", "30"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("apply to the news pollers only");
        assertThat(run(Map.of(), "ingest", "--provider", "finnhub-news", "--symbols", "AAPL", "--poll-interval", "0"))
                .isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void alpacaNewsRestPollsTheApiAndPostsEachStoryOnceToTheSink() throws Exception {
        // Alpaca's documented REST page (functions/domain/news fixtures), the last page: no next_page_token
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("../../functions/domain/news/src/test/resources/"
                + "fixtures/alpaca-rest.json")).replaceAll("\"next_page_token\":\"[^\"]*\"", "\"next_page_token\":null");
        // one loopback server is both the API (GETs, no body) and the sink (the posted events)
        try (HttpStub server = new HttpStub(r -> r.body().isEmpty()
                ? new HttpStub.Reply(200, Map.of("Content-Type", "application/json"), page)
                : new HttpStub.Reply(202, Map.of(), ""))) {
            // the fixture's story is from 2021: --since reaches back to it
            assertThat(run(Map.of("APCA_API_KEY_ID", "KEY", "APCA_API_SECRET_KEY", "SECRET"), "ingest", "--provider",
                    "alpaca-news-rest", "--symbols", "AAPL", "--endpoint", server.url() + "v1beta1/news", "--sink",
                    server.url(), "--since", "200000000", "--poll-interval", "1", "--duration", "3"))
                    .as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Main.EXIT_OK);
            var gets = server.requests.stream().filter(r -> r.body().isEmpty()).toList();
            var posts = server.requests.stream().filter(r -> !r.body().isEmpty()).toList();
            assertThat(gets).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> {
                assertThat(r.header("APCA-API-KEY-ID")).isEqualTo("KEY");
                assertThat(r.header("APCA-API-SECRET-KEY")).isEqualTo("SECRET");
            });
            assertThat(posts).hasSize(1); // later rounds get the same story again and send nothing
            assertThat(posts.get(0).header("ce-type")).isEqualTo("dev.marketfn.news.raw.v1");
            assertThat(posts.get(0).header("ce-provider")).isEqualTo("alpaca");
            assertThat(posts.get(0).body()).contains("\"id\":24843171").startsWith("{\"news\":[");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("ingest alpaca-news-rest AAPL from ");
        }
    }
}
