package dev.marketfn.launcher;

import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.connector.AlphaVantagePoller;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code marketfn backfill}: a provider's history over REST, in chunks, as raw events ({@link Backfill}). */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "History over a provider's REST API: the range in chunks (alphavantage: a month per request "
                + "intraday, one request daily), each reply sent verbatim as a raw event to the local stack's Kafka or "
                + "an HTTP sink; progress on stderr; a job_runs row (kind backfill) in $PG_URL. Idempotent: a re-run "
                + "of the same range sends the same event ids. Key from ALPHAVANTAGE_API_KEY (docs/ingestion.md).")
final class BackfillCommand extends Main.Base {
    @Option(names = "--provider", required = true, paramLabel = "P", description = "alphavantage")
    String provider;
    @Option(names = "--symbols", required = true, split = ",", paramLabel = "S,S…", description = "e.g. AAPL,IBM")
    List<String> symbols;
    @Option(names = "--from", required = true, paramLabel = "T", description = "start, ISO-8601 time or date (UTC)")
    String from;
    @Option(names = "--until", required = true, paramLabel = "T", description = "end (exclusive), ISO-8601 time or date")
    String until;
    @Option(names = "--interval", defaultValue = "1m", paramLabel = "I", description = "1m, 5m, 1h or 1d (default: ${DEFAULT-VALUE})")
    String interval;
    @Option(names = "--endpoint", paramLabel = "URL", description = "the provider's REST base URL instead of "
            + AlphaVantagePoller.DEFAULT_ENDPOINT_TEXT + " (e.g. a local test server)")
    String endpoint;
    @Option(names = "--per-minute", defaultValue = "5", paramLabel = "N",
            description = "requests per minute at most; 0 = no limit (default: ${DEFAULT-VALUE}, Alpha Vantage's free tier)")
    int perMinute;
    @Option(names = "--per-day", defaultValue = "25", paramLabel = "N",
            description = "requests in this run at most; 0 = no limit (default: ${DEFAULT-VALUE}, Alpha Vantage's free day)")
    int perDay;
    @Option(names = "--rate-limit-wait", defaultValue = "60", paramLabel = "SECONDS",
            description = "how long an Alpha Vantage Note/Information reply is waited out (default: ${DEFAULT-VALUE})")
    long rateLimitWait;
    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS)")
    String kafka;
    @Option(names = "--sink", paramLabel = "URL", description = "POST the events to this HTTP endpoint instead of Kafka")
    String sink;
    @Option(names = "--topic-prefix", defaultValue = KafkaTopics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Kafka: raw events to <PREFIX>.normalize (default: ${DEFAULT-VALUE})")
    String topicPrefix;
    @Mixin
    DatabaseOptions db;

    @Override
    public Integer call() throws Exception {
        String p = provider.trim().toLowerCase(Locale.ROOT);
        if (!p.equals(AlphaVantagePoller.NAME)) {
            throw usage("--provider must be alphavantage (Polygon and Finnhub REST are not built yet), not " + provider);
        }
        if (!AlphaVantagePoller.INTERVALS.containsKey(interval)) {
            throw usage("--interval must be one of 1m, 5m, 1h, 1d, not " + interval);
        }
        if (perMinute < 0 || perDay < 0 || rateLimitWait < 0) {
            throw usage("--per-minute, --per-day and --rate-limit-wait must be >= 0");
        }
        Instant start;
        Instant end;
        URI uri;
        try {
            start = TimeWindow.parse("--from", from);
            end = TimeWindow.parse("--until", until);
            new TimeWindow(start, end);
            uri = endpoint == null ? AlphaVantagePoller.DEFAULT_ENDPOINT : new URI(endpoint);
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            throw usage(e.getMessage());
        }
        return Backfill.run(new Backfill.Options(p, symbols, start, end, interval, uri, kafka, sink, topicPrefix,
                db, perMinute, perDay, Duration.ofSeconds(rateLimitWait)), env, out, err);
    }
}
