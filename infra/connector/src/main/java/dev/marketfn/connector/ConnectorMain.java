package dev.marketfn.connector;

import dev.marketfn.codec.KafkaTopics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The connector process of a Deployment: one connector configured from the environment, running until SIGTERM
 * (docs/ingestion.md §Running in the cluster). {@code MARKETFN_PROVIDER}, {@code MARKETFN_SYMBOLS} (comma-separated,
 * the provider's spelling), optional {@code MARKETFN_CHANNELS} (default {@code trades}), {@code MARKETFN_ENDPOINT},
 * {@code MARKETFN_TOPIC_PREFIX}, {@code MARKETFN_METRICS_PORT} (default 9464; 0 turns {@code /metrics} off); the sink is {@code K_SINK} or {@code KAFKA_BOOTSTRAP_SERVERS}; credentials as
 * {@link ConnectorFactory} reads them. A news REST poller ({@link ConnectorFactory#POLLERS}) runs instead of a
 * connector when {@code MARKETFN_PROVIDER} names one.
 */
public final class ConnectorMain {
    private ConnectorMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Map<String, String> env = System.getenv();
        String provider = need(env, "MARKETFN_PROVIDER");
        Subscription subscription = new Subscription(list(need(env, "MARKETFN_SYMBOLS")),
                Set.copyOf(list(env.getOrDefault("MARKETFN_CHANNELS", "trades"))));
        String endpoint = ConnectorFactory.blankToNull(env.get("MARKETFN_ENDPOINT"));
        String prefix = env.getOrDefault("MARKETFN_TOPIC_PREFIX", KafkaTopics.DEFAULT_PREFIX);
        int metricsPort = Integer.parseInt(env.getOrDefault("MARKETFN_METRICS_PORT", "9464").strip());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (ConnectorFactory.POLLERS.contains(provider)) {
            poll(env, provider, subscription, endpoint, prefix, metricsPort, registry);
            return;
        }
        Protocol protocol = ConnectorFactory.protocol(provider, endpoint == null ? null : URI.create(endpoint),
                subscription, env, ConnectorFactory.gaps(registry, provider));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        EventSink sink = ConnectorFactory.sink(env, null, prefix, running::get);
        Connector connector = new Connector(protocol, ConnectorConfig.defaults(provider), sink, registry,
                Clock.systemUTC(), new SplittableRandom()).start();
        // served once the configuration held: its thread would keep a misconfigured process alive
        MetricsEndpoint metrics = metricsPort == 0 ? null : new MetricsEndpoint(registry, metricsPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            connector.close();
            sink.close();
            if (metrics != null) {
                metrics.close();
            }
            stopped.countDown();
        }, "connector-stop"));
        stopped.await();
    }

    /**
     * A news REST poller: {@code MARKETFN_POLL_INTERVAL} (seconds between rounds), {@code MARKETFN_SINCE} (seconds the
     * first round reaches back), {@code MARKETFN_PER_MINUTE} (requests), each defaulting to the provider's
     * {@link NewsPoller.Settings#defaults}.
     */
    private static void poll(Map<String, String> env, String provider, Subscription subscription, String endpoint,
            String prefix, int metricsPort, PrometheusMeterRegistry registry) throws InterruptedException, IOException {
        NewsPoller.Settings settings = NewsPoller.Settings.defaults(provider);
        String v = ConnectorFactory.blankToNull(env.get("MARKETFN_POLL_INTERVAL"));
        if (v != null) {
            settings = settings.withInterval(java.time.Duration.ofSeconds(Long.parseLong(v)));
        }
        v = ConnectorFactory.blankToNull(env.get("MARKETFN_SINCE"));
        if (v != null) {
            settings = settings.withSince(java.time.Duration.ofSeconds(Long.parseLong(v)));
        }
        v = ConnectorFactory.blankToNull(env.get("MARKETFN_PER_MINUTE"));
        if (v != null) {
            settings = settings.withPerMinute(Integer.parseInt(v));
        }
        RestClient client = ConnectorFactory.restClient();
        NewsFeed feed = ConnectorFactory.newsFeed(provider, endpoint == null ? null : URI.create(endpoint),
                subscription.symbols(), env, client, settings, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        EventSink sink = ConnectorFactory.sink(env, null, prefix, running::get);
        NewsPoller poller = new NewsPoller(feed, settings.interval(), sink, registry, Clock.systemUTC()).start();
        MetricsEndpoint metrics = metricsPort == 0 ? null : new MetricsEndpoint(registry, metricsPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            poller.close(); // the round in progress finishes before the sink closes
            running.set(false);
            sink.close();
            client.close();
            if (metrics != null) {
                metrics.close();
            }
            stopped.countDown();
        }, "connector-stop"));
        stopped.await();
    }

    static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    private static String need(Map<String, String> env, String name) {
        String v = ConnectorFactory.blankToNull(env.get(name));
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }
}
