package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.Json;
import dev.marketfn.news.NewsParsers;
import dev.marketfn.news.NewsRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The news REST pollers against {@link NewsServer} (the three APIs on loopback, the providers' documented stories):
 * every story emitted once across pages and rounds, the pages followed, the cursor advanced round by round (a
 * late-indexed story inside the lookback still sent), a 429's Retry-After waited out, the keys where each provider
 * wants them, and the events read by the news function's parser as the providers' replies.
 */
class NewsPollersTest {
    private static final Instant NOW = Instant.parse("2026-03-02T15:00:00Z");
    private static final NewsPoller.Settings SETTINGS = new NewsPoller.Settings(Duration.ofMillis(100), Duration.ofHours(2),
            Duration.ofMinutes(10), 0, 20);
    private NewsServer server;
    private RestClient client;

    @BeforeEach
    void start() throws Exception {
        server = new NewsServer();
        client = new RestClient(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), new SplittableRandom(1)), 4);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private NewsFeed feed(String name, List<String> symbols) {
        URI endpoint = switch (name) {
            case AlpacaNewsFeed.NAME -> server.base().resolve("/v1beta1/news");
            case FinnhubNewsFeed.NAME -> server.base().resolve("/api/v1");
            default -> server.base().resolve("/v2/reference/news");
        };
        return ConnectorFactory.newsFeed(name, endpoint, symbols, Map.of("APCA_API_KEY_ID", "KEY", "APCA_API_SECRET_KEY",
                "SECRET", "FINNHUB_API_KEY", "FKEY", "POLYGON_API_KEY", "PKEY"), client, SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Instant ago(int minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    /** The ids of the stories in the events, as the news function parses them (each event one provider reply shape). */
    private static List<String> ids(String provider, List<OutEvent> events) {
        List<String> ids = new ArrayList<>();
        for (OutEvent e : events) {
            assertThat(e.type()).isEqualTo(EventTypes.NEWS_RAW);
            assertThat(e.source()).isEqualTo("/providers/" + provider);
            assertThat(e.extensions()).containsEntry("provider", provider);
            ids.addAll(NewsParsers.standard().parse(provider, Json.tree((byte[]) e.data()), e.id(), NOW.plusSeconds(600))
                    .stream().map(NewsRecord::providerNewsId).toList());
        }
        return ids;
    }

    @Test
    void alpacaPagesAreFollowedEachStoryOnceTheCursorAdvancesAndA429IsWaitedOut() throws Exception {
        for (int k = 0; k < 7; k++) { // 90 to 60 minutes ago, three pages of three
            server.alpaca(100 + k, ago(90 - 5 * k), k % 2 == 0 ? "AAPL" : "TSLA");
        }
        server.alpaca(90, ago(180), "AAPL"); // before --since: never sent
        server.alpaca(91, ago(70), "MSFT"); // not subscribed
        NewsFeed feed = feed(AlpacaNewsFeed.NAME, List.of("AAPL", "TSLA"));
        server.tooMany.set(1);
        List<OutEvent> first = new ArrayList<>();
        assertThat(feed.poll(NOW, first::add)).isEqualTo(7);
        assertThat(ids("alpaca", first)).containsExactly("100", "101", "102", "103", "104", "105", "106");
        assertThat(first).hasSize(3).allSatisfy(e -> {
            assertThat(e.extensions()).containsEntry("partitionkey", AlpacaNewsFeed.NAME);
            assertThat(Json.tree((byte[]) e.data()).has("news")).isTrue();
        });
        List<NewsServer.Request> r = server.requests("/v1beta1/news");
        assertThat(r).hasSize(4); // the 429, then three pages
        assertThat(Duration.between(r.get(0).at(), r.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(client.retries()).isEqualTo(1);
        assertThat(r.get(1).query()).containsEntry("start", ago(120).toString()).containsEntry("sort", "asc")
                .containsEntry("symbols", "AAPL,TSLA").containsEntry("limit", "50").doesNotContainKey("page_token");
        assertThat(r.get(2).query()).containsKey("page_token");
        assertThat(r).allSatisfy(x -> assertThat(x.keyHeader()).isEqualTo("KEY"));

        // a new story, and one indexed late (published before the last round's end, inside the lookback)
        server.alpaca(107, NOW.plusSeconds(60), "AAPL");
        server.alpaca(108, NOW.minusSeconds(120), "TSLA");
        List<OutEvent> second = new ArrayList<>();
        assertThat(feed.poll(NOW.plusSeconds(120), second::add)).isEqualTo(2);
        assertThat(ids("alpaca", second)).containsExactly("108", "107");
        assertThat(server.requests("/v1beta1/news").get(4).query()).containsEntry("start", ago(10).toString());

        List<OutEvent> third = new ArrayList<>();
        assertThat(feed.poll(NOW.plusSeconds(180), third::add)).isZero();
        assertThat(third).isEmpty();
        assertThat(((AlpacaNewsFeed) feed).from()).isEqualTo(NOW.plusSeconds(180).minus(Duration.ofMinutes(10)));
    }

    @Test
    void polygonFollowsNextUrlWithTheKeyAddedAndSendsAStoryOfTwoTickersOnce() throws Exception {
        for (int k = 0; k < 5; k++) {
            server.polygon("p" + k, ago(100 - 10 * k), "AAPL");
        }
        server.polygon("both", ago(30), "AAPL", "MSFT");
        server.polygon("m1", ago(20), "MSFT");
        NewsFeed feed = feed(PolygonNewsFeed.NAME, List.of("AAPL", "MSFT"));
        List<OutEvent> first = new ArrayList<>();
        server.tooMany.set(1);
        assertThat(feed.poll(NOW, first::add)).isEqualTo(7);
        assertThat(ids("polygon", first)).containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "both", "m1")
                .doesNotHaveDuplicates();
        List<NewsServer.Request> r = server.requests("/v2/reference/news");
        // 429 + AAPL's two pages (6 stories, 3 a page) + MSFT's one page
        assertThat(r).hasSize(4);
        assertThat(r.get(1).query()).containsEntry("ticker", "AAPL").containsEntry("published_utc.gte", ago(120).toString())
                .containsEntry("order", "asc").containsEntry("sort", "published_utc");
        assertThat(r.get(2).query()).containsKey("cursor").containsEntry("apiKey", "PKEY");
        assertThat(r.get(3).query()).containsEntry("ticker", "MSFT");
        assertThat(r).allSatisfy(x -> assertThat(x.query()).containsEntry("apiKey", "PKEY"));

        server.polygon("p5", ago(1), "AAPL");
        List<OutEvent> second = new ArrayList<>();
        assertThat(feed.poll(NOW.plusSeconds(60), second::add)).isEqualTo(1);
        assertThat(ids("polygon", second)).containsExactly("p5");
        assertThat(server.requests("/v2/reference/news").get(4).query()).containsEntry("published_utc.gte", ago(10).toString());
        assertThat(((PolygonNewsFeed) feed).from("MSFT")).isEqualTo(NOW.plusSeconds(60).minus(Duration.ofMinutes(10)));
    }

    @Test
    void polygonNeverSendsTheKeyToAnotherOrigin() throws Exception {
        PolygonNewsFeed feed = (PolygonNewsFeed) feed(PolygonNewsFeed.NAME, List.of("*"));
        assertThatThrownBy(() -> feed.next(URI.create("https://elsewhere.example/v2/reference/news?cursor=x")))
                .isInstanceOf(NewsFeed.Failed.class).hasMessageContaining("another origin");
        assertThat(feed.next(server.base().resolve("/v2/reference/news?cursor=x")).getQuery()).isEqualTo("cursor=x&apiKey=PKEY");
        assertThat(feed.first("*", NOW).getQuery()).doesNotContain("ticker=");
    }

    @Test
    void finnhubCompanyNewsPerSymbolAndMarketNewsAfterTheLargestIdEachStoryOnce() throws Exception {
        server.finnhubCompany(501, ago(50), "AAPL");
        server.finnhubCompany(502, ago(40), "AAPL");
        server.finnhubCompany(503, ago(30), "MSFT");
        server.finnhubCompany(400, ago(60 * 30), "AAPL"); // yesterday, before --since: the date range returns it, the floor drops it
        server.finnhubMarket(7001, ago(20));
        server.finnhubMarket(7002, ago(10));
        NewsFeed feed = feed(FinnhubNewsFeed.NAME, List.of("AAPL", "MSFT", "*"));
        List<OutEvent> first = new ArrayList<>();
        assertThat(feed.poll(NOW, first::add)).isEqualTo(5);
        assertThat(ids("finnhub", first)).containsExactlyInAnyOrder("501", "502", "503", "7001", "7002");
        assertThat(first).hasSize(3).allSatisfy(e -> assertThat(Json.tree((byte[]) e.data()).isArray()).isTrue());
        List<NewsServer.Request> company = server.requests("/api/v1/company-news");
        assertThat(company).hasSize(2);
        assertThat(company.get(0).query()).containsEntry("symbol", "AAPL").containsEntry("from", "2026-03-01")
                .containsEntry("to", "2026-03-02").containsEntry("token", "FKEY");
        assertThat(server.requests("/api/v1/news").get(0).query()).containsEntry("category", "general").containsEntry("minId", "0");

        server.finnhubCompany(504, ago(1), "AAPL");
        server.finnhubMarket(7003, ago(1));
        server.tooMany.set(1);
        List<OutEvent> second = new ArrayList<>();
        assertThat(feed.poll(NOW.plusSeconds(60), second::add)).isEqualTo(2);
        assertThat(ids("finnhub", second)).containsExactlyInAnyOrder("504", "7003");
        assertThat(server.requests("/api/v1/news").getLast().query()).containsEntry("minId", "7002");
        assertThat(((FinnhubNewsFeed) feed).from("AAPL")).isEqualTo(NOW.plusSeconds(60).minus(Duration.ofMinutes(10)));
        assertThat(client.retries()).isEqualTo(1);
    }

    @Test
    void aBadKeyFailsTheRoundWithoutTheKeyInTheMessageAndTheNextRoundAsksAgain() throws Exception {
        NewsFeed feed = ConnectorFactory.newsFeed(FinnhubNewsFeed.NAME, server.base().resolve("/api/v1"), List.of("AAPL"),
                Map.of("FINNHUB_API_KEY", "WRONGKEY"), client, SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatThrownBy(() -> feed.poll(NOW, e -> { })).isInstanceOf(NewsFeed.Failed.class)
                .hasMessageContaining("HTTP 401").hasMessageNotContaining("WRONGKEY");
        assertThat(((FinnhubNewsFeed) feed).from("AAPL")).isEqualTo(ago(120)); // not advanced
    }

    @Test
    void thePollerRunsRoundsAtItsIntervalIntoTheSink() throws Exception {
        server.alpaca(1, Instant.now().minus(Duration.ofMinutes(5)), "AAPL");
        List<OutEvent> sent = new CopyOnWriteArrayList<>();
        EventSink sink = new EventSink() {
            @Override
            public void send(OutEvent event) {
                sent.add(event);
            }

            @Override
            public void flush() {
            }

            @Override
            public String describe() {
                return "list";
            }

            @Override
            public void close() {
            }
        };
        NewsFeed feed = ConnectorFactory.newsFeed(AlpacaNewsFeed.NAME, server.base().resolve("/v1beta1/news"), List.of("*"),
                Map.of("APCA_API_KEY_ID", "KEY", "APCA_API_SECRET_KEY", "SECRET"), client, SETTINGS, Clock.systemUTC());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (NewsPoller poller = new NewsPoller(feed, SETTINGS.interval(), sink, registry, Clock.systemUTC()).start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (poller.rounds() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(poller.rounds()).isGreaterThanOrEqualTo(3);
        }
        assertThat(sent).hasSize(1);
        assertThat(server.requests("/v1beta1/news").getFirst().query()).doesNotContainKey("symbols");
        assertThat(registry.get("marketfn.connector.news.stories").counter().count()).isEqualTo(1);
    }

    @Test
    void theFactoryNamesThePollersAndNeedsTheirKeys() {
        assertThat(ConnectorFactory.PROVIDERS).containsAll(ConnectorFactory.POLLERS);
        assertThat(ConnectorFactory.POLLERS).containsExactly("alpaca-news-rest", "finnhub-news", "polygon-news");
        assertThatThrownBy(() -> ConnectorFactory.newsFeed(PolygonNewsFeed.NAME, null, List.of("AAPL"), Map.of(), client,
                SETTINGS, Clock.systemUTC())).hasMessage("polygon-news needs its credentials in POLYGON_API_KEY");
        NewsFeed f = ConnectorFactory.newsFeed(FinnhubNewsFeed.NAME, null, List.of("AAPL"), Map.of("FINNHUB_API_KEY", "k"),
                client, SETTINGS, Clock.systemUTC());
        assertThat(f.endpoint()).isEqualTo(FinnhubNewsFeed.DEFAULT_URI);
        assertThat(Set.of(NewsPoller.Settings.defaults("alpaca-news-rest").perMinute(),
                NewsPoller.Settings.defaults("polygon-news").perMinute())).containsExactlyInAnyOrder(200, 5);
    }
}
