package dev.marketfn.connector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls one {@link NewsFeed} every {@code interval} on a thread of its own and sends what it emits to the sink, as a
 * connector sends a stream's batches. A failed round (a 4xx, a provider down past the client's retries) is logged and
 * counted and the next round asks again from the same cursor; nothing is lost, since the cursor only moves past a
 * complete round. Unlike a websocket holder it could scale to zero between rounds, but one Deployment per feed keeps
 * the cursor in memory and the request budget in one place.
 */
public final class NewsPoller implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NewsPoller.class.getName());

    /**
     * @param interval between the starts of two rounds
     * @param since how far back the first round reaches
     * @param lookback how far behind the latest story sent each round asks again (late-indexed stories)
     * @param perMinute requests in any 60 s (the provider's limit; 0 = none)
     * @param maxPages pages per chain and round (a bound on one round's work; the next round goes on)
     */
    public record Settings(Duration interval, Duration since, Duration lookback, int perMinute, int maxPages) {
        public Settings {
            if (interval.isNegative() || interval.isZero() || since.isNegative() || lookback.isNegative()
                    || perMinute < 0 || maxPages < 1) {
                throw new IllegalArgumentException("news poll settings out of range: interval > 0, since, lookback, "
                        + "per-minute >= 0, max pages >= 1");
            }
        }

        /** Each provider's documented free-tier rate: Alpaca 200/min, Finnhub 60/min, Polygon 5/min. */
        public static Settings defaults(String feed) {
            int perMinute = switch (feed) {
                case AlpacaNewsFeed.NAME -> 200;
                case FinnhubNewsFeed.NAME -> 60;
                case PolygonNewsFeed.NAME -> 5;
                default -> throw new IllegalArgumentException("not a news poller: " + feed);
            };
            return new Settings(Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMinutes(10), perMinute, 20);
        }

        public Settings withInterval(Duration d) {
            return new Settings(d, since, lookback, perMinute, maxPages);
        }

        public Settings withSince(Duration d) {
            return new Settings(interval, d, lookback, perMinute, maxPages);
        }

        public Settings withPerMinute(int n) {
            return new Settings(interval, since, lookback, n, maxPages);
        }
    }

    private final NewsFeed feed;
    private final EventSink sink;
    private final Clock clock;
    private final Duration interval;
    private final Counter rounds;
    private final Counter failures;
    private final Counter stories;
    private final AtomicLong events = new AtomicLong();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread loop;

    public NewsPoller(NewsFeed feed, Duration interval, EventSink sink, MeterRegistry registry, Clock clock) {
        this.feed = feed;
        this.sink = sink;
        this.clock = clock;
        this.interval = interval;
        this.rounds = Counter.builder("marketfn.connector.polls").tag("provider", feed.name()).tag("outcome", "ok")
                .register(registry);
        this.failures = Counter.builder("marketfn.connector.polls").tag("provider", feed.name()).tag("outcome", "failed")
                .register(registry);
        this.stories = Counter.builder("marketfn.connector.news.stories").tag("provider", feed.name()).register(registry);
        this.loop = new Thread(this::run, "news-poller-" + feed.name());
        this.loop.setDaemon(true);
    }

    public NewsPoller start() {
        LOG.log(System.Logger.Level.INFO, feed.name() + " poller: " + RestClient.redact(feed.endpoint()) + " every "
                + interval + " -> " + sink.describe());
        loop.start();
        return this;
    }

    /** One round now, on the caller's thread; returns the stories sent. */
    public int round() throws Exception {
        try {
            int n = feed.poll(clock.instant(), e -> {
                sink.send(e);
                events.incrementAndGet();
            });
            sink.flush();
            rounds.increment();
            stories.increment(n);
            return n;
        } catch (Exception e) {
            sink.flush(); // what the round did emit before failing is sent, and the ids sent are remembered
            failures.increment();
            throw e;
        }
    }

    private void run() {
        try {
            do {
                try {
                    round();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, feed.name() + " poll failed, next round in " + interval + ": " + e.getMessage());
                }
            } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long rounds() {
        return (long) rounds.count();
    }

    public long failures() {
        return (long) failures.count();
    }

    public long storiesSent() {
        return (long) stories.count();
    }

    public long eventsSent() {
        return events.get();
    }

    /** Lets a round in progress finish (its stories sent), then stops; a round stuck in retries is interrupted after 30 s. */
    @Override
    public void close() {
        stop.countDown();
        try {
            loop.join(30_000);
            if (loop.isAlive()) {
                loop.interrupt();
                loop.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
