package dev.marketfn.launcher;

import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.connector.ConnectorFactory;
import dev.marketfn.connector.NewsPoller;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marketfn ingest}: a live provider feed ({@link Ingest}). */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Live market data: hold a provider's websocket (reconnects, circuit breaker) and send its frames "
                + "as raw events to the local stack's Kafka (normalize's topic) or an HTTP sink. Keys from the "
                + "environment: alpaca and alpaca-news (Alpaca's news stream, to the news function's topic; --symbols "
                + "tickers or *, --channels does not apply) APCA_API_KEY_ID + APCA_API_SECRET_KEY, polygon POLYGON_API_KEY, finnhub "
                + "FINNHUB_API_KEY; coinbase and binance need none. The news REST APIs are polled: alpaca-news-rest, "
                + "finnhub-news and polygon-news (--symbols tickers or *; same keys; docs/news.md).")
final class IngestCommand extends Main.Base {
    @Option(names = "--provider", required = true, paramLabel = "P", description = "alpaca, alpaca-news, polygon, finnhub, coinbase, binance; news polled over REST: "
            + "alpaca-news-rest, finnhub-news, polygon-news")
    String provider;
    @Option(names = "--symbols", required = true, split = ",", paramLabel = "S,S…",
            description = "instruments in the provider's spelling: AAPL, ETH-USD, BTCUSDT")
    List<String> symbols;
    @Option(names = "--channels", split = ",", defaultValue = "trades", paramLabel = "C,C…",
            description = "trades, quotes, bars (default: ${DEFAULT-VALUE})")
    List<String> channels;
    @Option(names = "--endpoint", paramLabel = "URI", description = "websocket URI instead of the provider's "
            + "(e.g. wss://stream.data.alpaca.markets/v2/sip, or a local test server)")
    String endpoint;
    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS)")
    String kafka;
    @Option(names = "--sink", paramLabel = "URL", description = "POST the events to this HTTP endpoint instead of Kafka")
    String sink;
    @Option(names = "--topic-prefix", defaultValue = KafkaTopics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Kafka: raw events to <PREFIX>.normalize (news to <PREFIX>.news), alerts to <PREFIX>.alerts (default: ${DEFAULT-VALUE})")
    String topicPrefix;
    @Option(names = "--poll-interval", paramLabel = "SECONDS", description = "news pollers: seconds between rounds (default 60)")
    Long pollInterval;
    @Option(names = "--since", paramLabel = "SECONDS", description = "news pollers: how far back the first round reaches (default 3600)")
    Long since;
    @Option(names = "--per-minute", paramLabel = "N", description = "news pollers: requests in any 60 s (default the "
            + "provider's free tier: alpaca-news-rest 200, finnhub-news 60, polygon-news 5; 0 = no limit)")
    Integer perMinute;
    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS", description = "stop after this long; 0 = until Ctrl-C (default)")
    long duration;

    @Override
    public Integer call() throws Exception {
        String p = provider.trim().toLowerCase(Locale.ROOT);
        if (!ConnectorFactory.PROVIDERS.contains(p)) {
            throw usage("--provider must be one of " + String.join(", ", ConnectorFactory.PROVIDERS)
                    + ", not " + provider);
        }
        if (duration < 0) {
            throw usage("--duration must be >= 0");
        }
        URI uri;
        try {
            uri = endpoint == null ? null : new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            throw usage("--endpoint is not a URI: " + e.getMessage());
        }
        NewsPoller.Settings news = null;
        if (ConnectorFactory.POLLERS.contains(p)) {
            news = NewsPoller.Settings.defaults(p);
            if (pollInterval != null) {
                if (pollInterval < 1) {
                    throw usage("--poll-interval must be >= 1");
                }
                news = news.withInterval(Duration.ofSeconds(pollInterval));
            }
            if (since != null) {
                if (since < 0) {
                    throw usage("--since must be >= 0");
                }
                news = news.withSince(Duration.ofSeconds(since));
            }
            if (perMinute != null) {
                if (perMinute < 0) {
                    throw usage("--per-minute must be >= 0");
                }
                news = news.withPerMinute(perMinute);
            }
        } else if (pollInterval != null || since != null || perMinute != null) {
            throw usage("--poll-interval, --since and --per-minute apply to the news pollers only ("
                    + String.join(", ", ConnectorFactory.POLLERS) + ")");
        }
        try {
            return Ingest.run(new Ingest.Options(p, symbols, java.util.Set.copyOf(channels), uri, kafka, sink,
                    topicPrefix, Duration.ofSeconds(duration), Duration.ofSeconds(5), news), env, out);
        } catch (IllegalArgumentException e) {
            throw new LauncherException(e.getMessage());
        }
    }
}
