package dev.marketfn.connector;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.codec.OutEvent;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The local stack: each event to its subscribers' topics ({@link KafkaTopics}: raw events to normalize's topic, alerts
 * to the alerts topic) in Kafka binary mode, the layout the Knative Kafka broker stores. The producer is idempotent
 * with acks=all and retries for two minutes, so a broker restart neither loses nor duplicates a batch; a send that
 * still fails is logged and counted ({@link #failed}).
 */
public final class KafkaEventSink implements EventSink {
    private static final System.Logger LOG = System.getLogger(KafkaEventSink.class.getName());
    private final String bootstrap;
    private final String prefix;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong failed = new AtomicLong();

    public KafkaEventSink(String bootstrap, String topicPrefix) {
        this.bootstrap = bootstrap;
        this.prefix = topicPrefix;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(OutEvent event) {
        for (String topic : KafkaTopics.of(prefix, event.type())) {
            producer.send(CloudEventCodec.toKafka(event, topic), (md, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    LOG.log(System.Logger.Level.ERROR, "event " + event.id() + " not written to " + topic + ": " + e);
                }
            });
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    /** Sends that failed for good. */
    public long failed() {
        return failed.get();
    }

    @Override
    public String describe() {
        return "kafka " + bootstrap + " " + prefix + ".*";
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
