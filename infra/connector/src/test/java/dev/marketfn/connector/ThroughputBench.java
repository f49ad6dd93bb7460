package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.embedded.EmbeddedKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the normal build (run with {@code -Dbench=true -Dtest=ThroughputBench}): one Binance
 * connector receiving {@code bench.frames} trade frames as fast as a loopback server sends them, into embedded Kafka.
 * Reports frames/s from the first frame sent until the producer has every batch acknowledged.
 */
class ThroughputBench {
    @Test
    void framesPerSecondIntoKafka() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("bench"), "benchmark: -Dbench=true");
        int frames = Integer.getInteger("bench.frames", 500_000);
        String[] prebuilt = new String[1000];
        for (int i = 0; i < prebuilt.length; i++) {
            prebuilt[i] = Feeds.binanceTrade("BTCUSDT", i);
        }
        CountDownLatch sentAll = new CountDownLatch(1);
        long[] firstSent = new long[1];
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                WsServer server = new WsServer(p -> {
                    p.accept();
                    firstSent[0] = System.nanoTime();
                    for (int i = 0; i < frames; i++) {
                        p.sendText(prebuilt[i % prebuilt.length]);
                    }
                    sentAll.countDown();
                    p.silence(Duration.ofSeconds(120));
                })) {
            kafka.createTopics(KafkaTopics.PARTITIONS, "bench.normalize", "bench.alerts");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            var protocol = new BinanceProtocol(server.uri(""), new Subscription(List.of("BTCUSDT"), Set.of("trades")));
            try (KafkaEventSink sink = new KafkaEventSink(kafka.bootstrapServers(), "bench");
                    Connector c = new Connector(protocol, ConnectorConfig.defaults("binance")
                            .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)), sink, registry, Clock.systemUTC(),
                            new SplittableRandom(1)).start()) {
                assertThat(sentAll.await(300, TimeUnit.SECONDS)).isTrue();
                var counter = registry.get("marketfn.connector.frames").counter();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
                while (counter.count() < frames && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(30); // past the linger
                sink.flush();
                long end = System.nanoTime();
                double seconds = (end - firstSent[0]) / 1e9;
                var batches = registry.get("marketfn.connector.batch.frames").summary();
                System.out.printf("BENCH frames=%d seconds=%.3f frames_per_s=%.0f events=%d mean_batch=%.1f sink_failed=%d%n",
                        (long) counter.count(), seconds, counter.count() / seconds, batches.count(), batches.mean(),
                        sink.failed());
                assertThat(counter.count()).isEqualTo(frames);
                assertThat((long) batches.totalAmount()).isEqualTo(frames);
            }
        }
    }
}
