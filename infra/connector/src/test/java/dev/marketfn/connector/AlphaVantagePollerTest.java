package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Alpha Vantage poller against a loopback server with Alpha Vantage's reply shapes: month chunks, the request's
 * parameters, a 429 with Retry-After waited out, a rate-limit Note waited out and never forwarded, an Error Message
 * failing its chunk, a malformed body forwarded alone for normalize to reject, the day budget, and ids that are the
 * same for the same reply (a re-run changes no row).
 */
class AlphaVantagePollerTest {
    private static final String KEY = "AVSECRETKEY42";
    private AlphaVantageServer server;
    private RestClient client;

    @BeforeEach
    void start() throws Exception {
        server = new AlphaVantageServer();
        client = new RestClient(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), new SplittableRandom(1)), 4);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private AlphaVantagePoller poller(String interval, RequestBudget budget) {
        return new AlphaVantagePoller(server.endpoint(), new Credentials(KEY, ""), interval, client, budget,
                Duration.ofMillis(50), 2);
    }

    private static RequestBudget unlimited() {
        return new RequestBudget(0, 0, Clock.systemUTC());
    }

    private static List<CanonicalRecord> normalize(dev.marketfn.codec.OutEvent e) {
        return Providers.standard().normalize(new RawMessage(e.extensions().get("provider"), e.id(),
                Json.tree((byte[]) e.data()), e.subject(), Instant.parse("2030-01-01T00:00:00Z")));
    }

    @Test
    void intradayIsOneRequestPerMonthInNewYorkTimeDailyOnePerSymbol() {
        AlphaVantagePoller p = poller("1m", unlimited());
        // 2026-04-01T02:00Z is still March 31 in New York
        assertThat(p.chunks(List.of("IBM", "AAPL"), Instant.parse("2026-01-15T00:00:00Z"), Instant.parse("2026-04-01T02:00:00Z")))
                .extracting(Object::toString).containsExactly("IBM 2026-01", "IBM 2026-02", "IBM 2026-03",
                        "AAPL 2026-01", "AAPL 2026-02", "AAPL 2026-03");
        assertThat(poller("1d", unlimited()).chunks(List.of("IBM"), Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"))).extracting(Object::toString).containsExactly("IBM daily");
    }

    @Test
    void aReplyIsOneRawEventNormalizeReadsAsItIsAndTheSameReplyIsTheSameId() throws Exception {
        AlphaVantagePoller p = poller("1m", unlimited());
        AlphaVantagePoller.Chunk jan = new AlphaVantagePoller.Chunk("IBM", YearMonth.of(2026, 1));
        AlphaVantagePoller.Result r = p.fetch(jan);
        assertThat(r.malformed()).isFalse();
        assertThat(new String((byte[]) r.event().data())).isEqualTo(AlphaVantageServer.intraday("IBM", YearMonth.of(2026, 1)));
        assertThat(r.event().type()).isEqualTo("dev.marketfn.raw.v1");
        assertThat(r.event().extensions()).containsEntry("provider", "alphavantage").containsEntry("partitionkey", "alphavantage|IBM");
        List<CanonicalRecord> bars = normalize(r.event());
        assertThat(bars).hasSize(4).allSatisfy(b -> assertThat(b.interval()).isEqualTo("1m"));
        assertThat(bars).extracting(b -> b.ts().toString()).contains("2026-01-02T14:30:00Z", "2026-01-03T14:31:00Z");
        assertThat(server.queries.getFirst()).containsEntry("function", "TIME_SERIES_INTRADAY").containsEntry("interval", "1min")
                .containsEntry("month", "2026-01").containsEntry("symbol", "IBM").containsEntry("outputsize", "full")
                .containsEntry("apikey", KEY);
        assertThat(p.fetch(jan).event().id()).isEqualTo(r.event().id());
        assertThat(p.fetch(new AlphaVantagePoller.Chunk("IBM", YearMonth.of(2026, 2))).event().id()).isNotEqualTo(r.event().id());
    }

    @Test
    void a429WaitsItsRetryAfterAndANoteIsARateLimitNotData() throws Exception {
        server.script(new AlphaVantageServer.Scripted(429, Map.of("Retry-After", "1"), "{\"message\":\"slow down\"}"),
                new AlphaVantageServer.Scripted(200, Map.of(), AlphaVantageServer.NOTE),
                new AlphaVantageServer.Scripted(200, Map.of(), AlphaVantageServer.INFORMATION));
        AlphaVantagePoller p = poller("1m", unlimited());
        long t0 = System.nanoTime();
        AlphaVantagePoller.Result r = p.fetch(new AlphaVantagePoller.Chunk("IBM", YearMonth.of(2026, 1)));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(normalize(r.event())).hasSize(4);
        assertThat(server.queries).hasSize(4);
        assertThat(p.rateLimited()).isEqualTo(2);
        assertThat(client.retries()).isEqualTo(3);

        server.script(new AlphaVantageServer.Scripted(200, Map.of(), AlphaVantageServer.NOTE),
                new AlphaVantageServer.Scripted(200, Map.of(), AlphaVantageServer.NOTE),
                new AlphaVantageServer.Scripted(200, Map.of(), AlphaVantageServer.NOTE));
        assertThatThrownBy(() -> p.fetch(new AlphaVantagePoller.Chunk("IBM", YearMonth.of(2026, 2))))
                .isInstanceOf(AlphaVantagePoller.Failed.class).hasMessageContaining("still rate-limited after 2 waits");
    }

    @Test
    void anErrorMessageFailsTheChunkAndAMalformedBodyIsForwardedAloneForNormalizeToReject() throws Exception {
        server.script(new AlphaVantageServer.Scripted(200, Map.of(), "{\n    \"Error Message\": \"Invalid API call. Please "
                        + "retry or visit the documentation (https://www.alphavantage.co/documentation/) for TIME_SERIES_INTRADAY.\"\n}"),
                new AlphaVantageServer.Scripted(200, Map.of(), "{\"Meta Data\": {\"2. Symbol\": \"IBM\""));
        AlphaVantagePoller p = poller("1m", unlimited());
        assertThatThrownBy(() -> p.fetch(new AlphaVantagePoller.Chunk("NOPE", YearMonth.of(2026, 1))))
                .isInstanceOf(AlphaVantagePoller.Failed.class).hasMessageContaining("NOPE 2026-01: Invalid API call");
        AlphaVantagePoller.Result bad = p.fetch(new AlphaVantagePoller.Chunk("IBM", YearMonth.of(2026, 1)));
        assertThat(bad.malformed()).isTrue();
        assertThat(new String((byte[]) bad.event().data())).isEqualTo("{\"Meta Data\": {\"2. Symbol\": \"IBM\"");
        assertThatThrownBy(() -> Json.tree((byte[]) bad.event().data())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aServerErrorIsRetriedWithBackoffAndTheKeyIsNeverInAMessage() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.script(new AlphaVantageServer.Scripted(503, Map.of(), "unavailable"));
        }
        AlphaVantagePoller p = poller("1d", unlimited());
        assertThatThrownBy(() -> p.fetch(new AlphaVantagePoller.Chunk("IBM", null)))
                .hasMessageContaining("failed 4 times, last: HTTP 503").hasMessageContaining("apikey=…")
                .hasMessageNotContaining(KEY);
        AlphaVantagePoller.Result daily = p.fetch(new AlphaVantagePoller.Chunk("IBM", null));
        assertThat(normalize(daily.event())).extracting(CanonicalRecord::interval).containsExactly("1d", "1d");
        assertThat(server.queries.getLast()).containsEntry("function", "TIME_SERIES_DAILY").doesNotContainKey("month");
    }

    @Test
    void theDayBudgetStopsTheRun() throws Exception {
        AlphaVantagePoller p = poller("1d", new RequestBudget(0, 1, Clock.systemUTC()));
        p.fetch(new AlphaVantagePoller.Chunk("IBM", null));
        assertThatThrownBy(() -> p.fetch(new AlphaVantagePoller.Chunk("AAPL", null)))
                .isInstanceOf(RequestBudget.Exhausted.class).hasMessageContaining("budget of 1 requests");
        assertThat(server.queries).hasSize(1);
    }
}
