package dev.marketfn.connector;

import dev.marketfn.codec.SinkToken;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Builds a connector's parts from names and the environment (the Deployment's env, the CLI's): the provider's
 * protocol with its credentials, and the sink. Credentials are read from the provider's usual variables and never
 * printed: Alpaca {@code APCA_API_KEY_ID} / {@code APCA_API_SECRET_KEY}, Polygon {@code POLYGON_API_KEY}, Finnhub
 * {@code FINNHUB_API_KEY}; Coinbase's and Binance's public market data need none.
 */
public final class ConnectorFactory {
    /** The news REST APIs, polled ({@link NewsPoller}) rather than streamed. */
    public static final List<String> POLLERS = List.of(AlpacaNewsFeed.NAME, FinnhubNewsFeed.NAME, PolygonNewsFeed.NAME);

    /**
     * The feeds by name; {@code alpaca-news} is Alpaca's news stream (news raw events, channels do not apply), the
     * {@link #POLLERS} the news REST APIs.
     */
    public static final List<String> PROVIDERS = List.of(AlpacaProtocol.NAME, AlpacaProtocol.NEWS, PolygonProtocol.NAME,
            FinnhubProtocol.NAME, CoinbaseProtocol.NAME, BinanceProtocol.NAME, AlpacaNewsFeed.NAME, FinnhubNewsFeed.NAME,
            PolygonNewsFeed.NAME);

    private ConnectorFactory() {
    }

    /** {@code endpoint} null: the provider's public endpoint. */
    public static Protocol protocol(String provider, URI endpoint, Subscription subscription, Map<String, String> env,
            GapListener gaps) {
        return switch (provider) {
            case AlpacaProtocol.NAME -> new AlpacaProtocol(or(endpoint, AlpacaProtocol.DEFAULT_URI),
                    new Credentials(required(env, "APCA_API_KEY_ID", provider), required(env, "APCA_API_SECRET_KEY", provider)),
                    subscription);
            case AlpacaProtocol.NEWS -> AlpacaProtocol.news(or(endpoint, AlpacaProtocol.NEWS_URI),
                    new Credentials(required(env, "APCA_API_KEY_ID", provider), required(env, "APCA_API_SECRET_KEY", provider)),
                    subscription.symbols());
            case PolygonProtocol.NAME -> new PolygonProtocol(or(endpoint, PolygonProtocol.DEFAULT_URI),
                    new Credentials(required(env, "POLYGON_API_KEY", provider), ""), subscription);
            case FinnhubProtocol.NAME -> new FinnhubProtocol(or(endpoint, FinnhubProtocol.DEFAULT_URI),
                    new Credentials(required(env, "FINNHUB_API_KEY", provider), ""), subscription);
            case CoinbaseProtocol.NAME -> new CoinbaseProtocol(or(endpoint, CoinbaseProtocol.DEFAULT_URI), subscription, gaps);
            case BinanceProtocol.NAME -> new BinanceProtocol(or(endpoint, BinanceProtocol.DEFAULT_URI), subscription);
            default -> throw new IllegalArgumentException("unknown provider '" + provider + "'; one of " + PROVIDERS);
        };
    }

    /**
     * A news REST API with its credentials from {@code env} (the same variables as the provider's stream), a request
     * budget of {@code settings.perMinute()}, reaching back {@code settings.since()} from now in its first round.
     * {@code endpoint} null: the provider's public API.
     */
    public static NewsFeed newsFeed(String provider, URI endpoint, List<String> symbols, Map<String, String> env,
            RestClient client, NewsPoller.Settings settings, Clock clock) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException(provider + " needs --symbols: tickers, or * for every story");
        }
        RequestBudget budget = new RequestBudget(settings.perMinute(), 0, clock);
        Instant start = clock.instant().minus(settings.since());
        return switch (provider) {
            case AlpacaNewsFeed.NAME -> new AlpacaNewsFeed(or(endpoint, AlpacaNewsFeed.DEFAULT_URI),
                    new Credentials(required(env, "APCA_API_KEY_ID", provider), required(env, "APCA_API_SECRET_KEY", provider)),
                    symbols, client, budget, start, settings);
            case FinnhubNewsFeed.NAME -> new FinnhubNewsFeed(or(endpoint, FinnhubNewsFeed.DEFAULT_URI),
                    new Credentials(required(env, "FINNHUB_API_KEY", provider), ""), symbols, client, budget, start, settings);
            case PolygonNewsFeed.NAME -> new PolygonNewsFeed(or(endpoint, PolygonNewsFeed.DEFAULT_URI),
                    new Credentials(required(env, "POLYGON_API_KEY", provider), ""), symbols, client, budget, start, settings);
            default -> throw new IllegalArgumentException("not a news poller '" + provider + "'; one of " + POLLERS);
        };
    }

    /** The pollers' HTTP client: 429s wait their Retry-After, 5xx and lost connections back off 500 ms to 30 s, 6 tries. */
    public static RestClient restClient() {
        return new RestClient(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom()), 6);
    }

    /**
     * {@code K_SINK} (the cluster: HTTP to the broker, with the OIDC token Knative projects when its
     * {@code authentication-oidc} feature is on) if set, else Kafka at {@code kafkaBootstrap}.
     */
    public static EventSink sink(Map<String, String> env, String kafkaBootstrap, String topicPrefix, BooleanSupplier running) {
        String kSink = blankToNull(env.get("K_SINK"));
        if (kSink != null) {
            return new HttpEventSink(URI.create(kSink), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30),
                    new SplittableRandom()), running, SinkToken.knative());
        }
        String bootstrap = kafkaBootstrap != null ? kafkaBootstrap : blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS"));
        if (bootstrap == null) {
            throw new IllegalArgumentException("no sink: set K_SINK (HTTP, in the cluster) or KAFKA_BOOTSTRAP_SERVERS (local stack)");
        }
        return new KafkaEventSink(bootstrap, topicPrefix);
    }

    /** The usual gap listener: counted and logged. */
    public static GapListener gaps(MeterRegistry registry, String provider) {
        return Gaps.counted(registry, provider, Gaps.logging(provider));
    }

    private static URI or(URI endpoint, URI fallback) {
        return endpoint != null ? endpoint : fallback;
    }

    private static String required(Map<String, String> env, String name, String provider) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            throw new IllegalArgumentException(provider + " needs its credentials in " + name);
        }
        return v;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
