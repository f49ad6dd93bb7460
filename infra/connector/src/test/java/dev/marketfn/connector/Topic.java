package dev.marketfn.connector;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its beginning with a real consumer and decodes every record with the codec. */
final class Topic {
    private Topic() {
    }

    /**
     * Every event on {@code topic} once {@code done} holds for them (or {@code timeout} passes), plus whatever arrives
     * in a further {@code settle}: a duplicate written late is caught.
     */
    static List<Decoded> read(String bootstrap, String topic, Predicate<List<Decoded>> done, Duration timeout,
            Duration settle) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Decoded> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = System.nanoTime() + timeout.toNanos();
            long settleEnd = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(end, settleEnd)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    events.add(CloudEventCodec.fromKafka(r.headers(), r.value()));
                }
                if (settleEnd == Long.MAX_VALUE && done.test(events)) {
                    settleEnd = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return events;
    }
}
