package dev.marketfn.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.EventIds;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.codec.InEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.runtime.testing.KafkaEvents;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kafka door hands normalize a partition's events in one call: valid events are stored together, each bad one is
 * rejected alone in its place, and every event gets the same reply it would get on its own.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class NormalizeBatchTest {
    @Inject
    Dispatcher dispatcher;
    @Inject
    Pool pool;

    static String trade(String symbol, long id, String price) {
        return """
                [{"T":"t","S":"%s","i":%d,"x":"V","p":%s,"s":100,"t":"2024-03-04T15:00:0%d.000001Z","c":["@"],"z":"C"}]"""
                .formatted(symbol, id, price, id % 10);
    }

    static InEvent raw(String id, String provider, String data) {
        Map<String, String> ext = new HashMap<>();
        if (provider != null) {
            ext.put("provider", provider);
        }
        return new InEvent(id, "1.0", "dev.marketfn.raw.v1", "/providers/test", null, "application/json", ext,
                data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBatchAnswersEachEventAsIfAlone() {
        List<InEvent> batch = List.of(
                raw("batch-a", "alpaca", trade("MSFT", 7001, "401.10")),
                raw("batch-bad-json", "alpaca", "[{\"T\":\"t\","),
                raw("batch-no-provider", null, trade("MSFT", 7002, "401.11")),
                raw("batch-a", "alpaca", trade("MSFT", 7001, "401.10")),
                raw("batch-empty", "alpaca", "[]"),
                raw("batch-b", "alpaca", trade("MSFT", 7003, "401.12")),
                new InEvent("batch-wrong-type", "1.0", "dev.marketfn.tick.checked.v1", "/x", null, null, Map.of(),
                        "{}".getBytes(StandardCharsets.UTF_8)),
                raw("batch-c", "alpaca", trade("MSFT", 7004, "401.13")));

        List<Reply> replies = dispatcher.dispatchAll(batch, "kafka", "test-topic").await().atMost(Duration.ofSeconds(30));

        assertThat(replies).hasSize(batch.size());
        assertThat(typeAndId(replies.get(0))).isEqualTo("dev.marketfn.tick.normalized.v1 "
                + EventIds.derive("batch-a", "normalize"));
        assertThat(replies.get(1).reply().type()).isEqualTo("dev.marketfn.rejected.v1");
        assertThat(replies.get(2).reply().type()).isEqualTo("dev.marketfn.rejected.v1");
        // the same raw event twice in one batch: the same reply, the same first-seen time
        assertThat(typeAndId(replies.get(3))).isEqualTo(typeAndId(replies.get(0)));
        assertThat(replies.get(4).reply()).isNull();
        assertThat(typeAndId(replies.get(5))).isEqualTo("dev.marketfn.tick.normalized.v1 "
                + EventIds.derive("batch-b", "normalize"));
        assertThat(replies.get(6).reply().type()).isEqualTo("dev.marketfn.rejected.v1");
        assertThat(typeAndId(replies.get(7))).isEqualTo("dev.marketfn.tick.normalized.v1 "
                + EventIds.derive("batch-c", "normalize"));

        assertThat(count("SELECT count(*) FROM raw_events WHERE event_id LIKE 'batch-%'")).isEqualTo(5);
        // one first-seen time for the raw event seen twice in the batch, carried by its records as ingest_ts
        assertThat(replies.get(0).reply().data().toString()).isEqualTo(replies.get(3).reply().data().toString());
        assertThat(count("SELECT count(*) FROM ticks WHERE raw_event_id IN ('batch-a', 'batch-b', 'batch-c')"))
                .isZero(); // quality-check stores the ticks
        assertThat(reasons()).containsEntry("batch-bad-json", "MALFORMED_JSON")
                .containsEntry("batch-no-provider", "MISSING_ATTRIBUTE")
                .containsEntry("batch-wrong-type", "UNKNOWN_TYPE");

        // handled again (what the door does after a transient failure, or Kafka after a crash): nothing changes
        List<Reply> again = dispatcher.dispatchAll(batch, "kafka", "test-topic").await().atMost(Duration.ofSeconds(30));
        assertThat(again.stream().map(NormalizeBatchTest::typeAndId).toList())
                .isEqualTo(replies.stream().map(NormalizeBatchTest::typeAndId).toList());
        assertThat(count("SELECT count(*) FROM raw_events WHERE event_id LIKE 'batch-%'")).isEqualTo(5);
    }

    @Test
    void eventsProducedTogetherOnOnePartitionAllComeThrough() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "kbatch-" + i;
            KafkaEvents.produce("NVDA", Map.of("specversion", "1.0", "id", id, "type", "dev.marketfn.raw.v1",
                    "source", "/providers/alpaca", "provider", "alpaca"),
                    i == 17 ? "not json" : trade("NVDA", 8000 + i, "880." + (10 + i)));
            if (i != 17) {
                expected.add(EventIds.derive(id, "normalize"));
            }
        }
        // the malformed one in the middle is rejected alone; the 39 around it are normalized
        var replies = KafkaEvents.await(r -> expected.contains(r.ce("id")), 39, Duration.ofSeconds(60));
        assertThat(replies.stream().map(r -> r.ce("id")).distinct()).hasSize(39);
        assertThat(count("SELECT count(*) FROM raw_events WHERE event_id LIKE 'kbatch-%'")).isEqualTo(40);
        assertThat(reasons()).containsEntry("kbatch-17", "MALFORMED_JSON");
    }

    private static String typeAndId(Reply r) {
        return r.reply() == null ? "none" : r.reply().type() + " " + r.reply().id();
    }

    private long count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }

    private Map<String, String> reasons() {
        Map<String, String> out = new HashMap<>();
        pool.preparedQuery("SELECT input_id, reason FROM rejected_events WHERE input_id LIKE $1 OR input_id LIKE $2")
                .execute(Tuple.of("batch-%", "kbatch-%")).await().indefinitely()
                .forEach(row -> out.put(row.getString(0), row.getString(1)));
        return out;
    }
}
