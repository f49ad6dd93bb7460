package dev.marketfn.console;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Envelope;
import dev.marketfn.codec.KafkaTopics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The local stack's subscription: follows the topics of what the console shows — signals, alerts, rejections and
 * the indicator's output (read from alpha-call's topic) — in its own consumer group ({@code marketfn-console}), so it
 * takes nothing from the functions' groups. It starts at the topics' end (history comes from the store) and commits
 * nothing: a restarted console needs no backlog. Off in the cluster ({@code marketfn.console.kafka.enabled=false}),
 * where Triggers post to {@link EventSink}.
 * <p>
 * Most records of these topics concern symbols no browser follows, so a record is decoded only when its headers say
 * some client would take what it holds ({@link LiveMessages#wanted}): its {@code ce_type} (a type the console does not
 * show is skipped) and {@code ce_symbol}. Not its key: a carrier is keyed by its first part's symbol whatever symbols
 * follow, and a rejection by its input's key even when it names no symbol. A structured record names its type in its
 * value only, so it is decoded whenever any client is connected; with none, nothing is.
 */
@ApplicationScoped
public class BrokerFeed {
    private static final Logger LOG = Logger.getLogger(BrokerFeed.class);
    /** The topics of KafkaTopics the console reads (after the prefix). */
    static final List<String> SUBSCRIBERS = List.of("signals", "alerts", "rejected", "alpha-call");

    private final LiveHub hub;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger assigned = new AtomicInteger();
    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public BrokerFeed(LiveHub hub) {
        this.hub = hub;
    }

    void start(@Observes StartupEvent event,
            @ConfigProperty(name = "marketfn.console.kafka.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrap,
            @ConfigProperty(name = "marketfn.kafka.topic-prefix", defaultValue = KafkaTopics.DEFAULT_PREFIX)
            String prefix) {
        if (!enabled) {
            return;
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "marketfn-console");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<String> topics = SUBSCRIBERS.stream().map(s -> KafkaTopics.subscriber(prefix, s)).toList();
        consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                assigned.addAndGet(-partitions.size());
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned.addAndGet(partitions.size());
            }
        });
        running.set(true);
        thread = Thread.ofPlatform().daemon().name("marketfn-console-feed").start(this::run);
        LOG.infof("following %s at %s", topics, bootstrap);
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted(r.headers())) {
                        decoded.incrementAndGet();
                        hub.publish(LiveMessages.of(CloudEventCodec.fromKafka(r.headers(), r.value())));
                    } else {
                        skipped.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke the poll
        } catch (RuntimeException e) {
            LOG.errorf(e, "broker feed stopped");
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private boolean wanted(Headers headers) {
        if (!hub.wantsAny()) {
            return false;
        }
        String type = CloudEventCodec.kafkaType(headers);
        if (type == null || structured(headers)) {
            return true;
        }
        return LiveMessages.wanted(hub, type, CloudEventCodec.kafkaAttribute(headers, "symbol"));
    }

    /** A structured record's value is the envelope, whatever {@code ce_} headers it also has (as the codec reads it). */
    private static boolean structured(Headers headers) {
        for (Header h : headers) {
            if (h.key().equalsIgnoreCase("content-type")) {
                return h.value() != null && Envelope.mediaType(new String(h.value(),
                        StandardCharsets.UTF_8)).equals(CloudEventCodec.STRUCTURED_JSON);
            }
        }
        return false;
    }

    /** Records decoded so far. */
    public long decoded() {
        return decoded.get();
    }

    /** Records skipped on their headers alone, never decoded. */
    public long skipped() {
        return skipped.get();
    }

    /** Whether the group gave this console its partitions (records written before that are not shown). */
    public boolean assigned() {
        return running.get() && assigned.get() > 0;
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (running.compareAndSet(true, false)) {
            consumer.wakeup();
            thread.join(5000);
        }
    }
}
