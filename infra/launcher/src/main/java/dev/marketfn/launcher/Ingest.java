package dev.marketfn.launcher;

import dev.marketfn.codec.OutEvent;
import dev.marketfn.connector.Connector;
import dev.marketfn.connector.ConnectorConfig;
import dev.marketfn.connector.ConnectorFactory;
import dev.marketfn.connector.EventSink;
import dev.marketfn.connector.NewsFeed;
import dev.marketfn.connector.NewsPoller;
import dev.marketfn.connector.Protocol;
import dev.marketfn.connector.RestClient;
import dev.marketfn.connector.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code marketfn ingest}: one live connector (infra/connector), or a news REST poller, in the foreground, printing its state every few
 * seconds, until Ctrl-C or {@code duration}. The keys come from the environment and are never printed.
 */
final class Ingest {
    /** {@code news}: a news REST poller's settings, null for a stream. */
    record Options(String provider, List<String> symbols, Set<String> channels, URI endpoint, String kafka, String sink,
            String topicPrefix, Duration duration, Duration status, NewsPoller.Settings news) {
    }

    private Ingest() {
    }

    static int run(Options o, Map<String, String> env, PrintStream out) throws InterruptedException {
        if (o.news() != null) {
            return poll(o, env, out);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Subscription subscription = new Subscription(o.symbols(), o.channels());
        Protocol protocol = ConnectorFactory.protocol(o.provider(), o.endpoint(), subscription, env,
                ConnectorFactory.gaps(registry, o.provider()));
        Map<String, String> sinkEnv = o.sink() != null ? Map.of("K_SINK", o.sink()) : env;
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicLong events = new AtomicLong();
        // Ctrl-C: the hook waits until the connector has flushed its pending batch and the sink is closed
        Thread hook = new Thread(() -> {
            running.set(false);
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ingest-stop");
        try (EventSink sink = counting(ConnectorFactory.sink(sinkEnv, o.kafka(), o.topicPrefix(), running::get), events);
                Connector c = new Connector(protocol, ConnectorConfig.defaults(o.provider()), sink, registry,
                        Clock.systemUTC(), new SplittableRandom())) {
            out.println("ingest " + o.provider() + " " + String.join(",", o.symbols()) + " from " + protocol.endpoint()
                    + " to " + sink.describe() + " (Ctrl-C to stop)");
            Runtime.getRuntime().addShutdownHook(hook);
            c.start();
            long end = o.duration().isZero() ? Long.MAX_VALUE : System.nanoTime() + o.duration().toNanos();
            while (running.get() && System.nanoTime() < end) {
                Thread.sleep(Math.min(o.status().toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                out.printf("%s breaker %s frames %.0f events %d reconnects %.0f%n", c.state(), c.breakerState(),
                        registry.get("marketfn.connector.frames").counter().count(), events.get(),
                        registry.get("marketfn.connector.reconnects").counter().count());
            }
            if (running.getAndSet(false)) {
                Runtime.getRuntime().removeShutdownHook(hook); // --duration ran out: no Ctrl-C to wait for
            }
        } finally {
            stopped.countDown();
        }
        return Main.EXIT_OK;
    }

    /** A news REST poller in the foreground: a round every interval, a status line every few seconds. */
    private static int poll(Options o, Map<String, String> env, PrintStream out) throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, String> sinkEnv = o.sink() != null ? Map.of("K_SINK", o.sink()) : env;
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.set(false);
            try {
                stopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ingest-stop");
        try (RestClient client = ConnectorFactory.restClient()) {
            NewsFeed feed = ConnectorFactory.newsFeed(o.provider(), o.endpoint(), o.symbols(), env, client, o.news(),
                    Clock.systemUTC());
            try (EventSink sink = ConnectorFactory.sink(sinkEnv, o.kafka(), o.topicPrefix(), running::get);
                    NewsPoller poller = new NewsPoller(feed, o.news().interval(), sink, registry, Clock.systemUTC())) {
                out.println("ingest " + o.provider() + " " + String.join(",", o.symbols()) + " from "
                        + RestClient.redact(feed.endpoint()) + " every " + o.news().interval().toSeconds() + " s to "
                        + sink.describe() + " (Ctrl-C to stop)");
                Runtime.getRuntime().addShutdownHook(hook);
                poller.start();
                long end = o.duration().isZero() ? Long.MAX_VALUE : System.nanoTime() + o.duration().toNanos();
                while (running.get() && System.nanoTime() < end) {
                    Thread.sleep(Math.min(o.status().toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                    out.printf("polls %d failed %d stories %d events %d retries %d%n", poller.rounds(), poller.failures(),
                            poller.storiesSent(), poller.eventsSent(), client.retries());
                }
                if (running.getAndSet(false)) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            }
        } finally {
            stopped.countDown();
        }
        return Main.EXIT_OK;
    }

    private static EventSink counting(EventSink inner, AtomicLong events) {
        return new EventSink() {
            @Override
            public void send(OutEvent event) {
                inner.send(event);
                events.incrementAndGet();
            }

            @Override
            public void flush() {
                inner.flush();
            }

            @Override
            public String describe() {
                return inner.describe();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }
}
