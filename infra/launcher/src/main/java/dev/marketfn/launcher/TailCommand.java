package dev.marketfn.launcher;

import dev.marketfn.codec.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marketfn tail}: follow one event type on the broker topic. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Follow CloudEvents of one type on the broker topic (Kafka binary mode): one line of ce_* "
                + "attributes with the record time, then the data.",
                "Exit code 1 when --timeout passes before --limit events were seen."},
        footer = {"%nExample:", "  marketfn tail --type dev.marketfn.alpha.call.v1 --symbol AAPL --limit 10"})
final class TailCommand extends Main.Base {
    @Option(names = "--type", required = true, paramLabel = "T", description = "CloudEvent type, e.g. dev.marketfn.alpha.call.v1")
    String type;
    @Option(names = "--symbol", paramLabel = "S", description = "only events whose symbol extension (or subject) is S")
    String symbol;
    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "stop after N events (0 = follow until Ctrl-C)")
    int limit;
    @Option(names = "--from-beginning", description = "read the topic from its start (default: from its end)")
    boolean fromBeginning;
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "default $KAFKA_BOOTSTRAP_SERVERS")
    String bootstrap;
    @Option(names = "--topic-prefix", defaultValue = KafkaTopics.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "reads the first topic events of the type are written to, <PREFIX>.<subscriber> "
                    + "(default prefix: ${DEFAULT-VALUE})")
    String topicPrefix;
    @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS", description = "give up after N seconds (0 = never)")
    int timeout;

    @Override
    public Integer call() {
        String bs = bootstrap != null ? bootstrap : env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bs == null || bs.isBlank()) {
            throw new LauncherException("tail needs --bootstrap host:port or KAFKA_BOOTSTRAP_SERVERS");
        }
        if (limit < 0 || timeout < 0) {
            throw usage(limit < 0 ? "--limit must be >= 0" : "--timeout must be >= 0");
        }
        Infra.requireKafka(bs);
        long end = timeout > 0 ? System.nanoTime() + timeout * 1_000_000_000L : Long.MAX_VALUE;
        int n = 0;
        String topic = KafkaTopics.of(topicPrefix, type).get(0);
        try (KafkaConsumer<String, byte[]> c = Demo.consumer(bs)) {
            var infos = c.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos == null || infos.isEmpty()) {
                throw new LauncherException("no topic " + topic + " on " + bs);
            }
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            if (fromBeginning) {
                c.seekToBeginning(parts);
            } else {
                c.seekToEnd(parts);
            }
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (!type.equals(CloudEvent.type(r))) {
                        continue;
                    }
                    Map<String, String> attrs = CloudEvent.attributes(r);
                    String sym = attrs.getOrDefault("symbol", attrs.get("subject"));
                    if (symbol != null && !symbol.equalsIgnoreCase(sym)) {
                        continue;
                    }
                    StringBuilder h = new StringBuilder();
                    new java.util.TreeMap<>(attrs).forEach((k, v) -> {
                        if (!k.equals("specversion")) {
                            h.append(k).append('=').append(v).append(' ');
                        }
                    });
                    out.println(Instant.ofEpochMilli(r.timestamp()) + " " + h.toString().trim());
                    out.println("  " + new String(r.value(), StandardCharsets.UTF_8));
                    if (limit > 0 && ++n >= limit) {
                        return Main.EXIT_OK;
                    }
                }
            }
        }
        if (limit > 0) {
            out.println("timed out after " + timeout + " s with " + n + " of " + limit + " events");
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }
}
