package dev.marketfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** Carriers: what a run's events become on the wire, and that the next door gets exactly those events back. */
class RunCoalescerTest {

    static CanonicalRecord trade(String symbol, int seq, String price) {
        Instant ts = Instant.parse("2024-03-01T14:30:00Z").plusMillis(seq);
        return CanonicalRecord.builder().eventId("alpaca|" + symbol + "|" + ts + "|" + seq).kind(Kind.TRADE)
                .provider("alpaca").symbol(symbol).ts(ts).ingestTs(ts).seq((long) seq).price(new BigDecimal(price))
                .size(new BigDecimal("100")).rawEventId("raw-" + seq).schemaVersion(1).build();
    }

    static OutEvent normalized(String inputId, String traceparent, CanonicalRecord... records) {
        return OutEvent.builder("normalize", EventTypes.TICK_NORMALIZED, "n-" + inputId)
                .extension("provider", "alpaca").extension("traceparent", traceparent)
                .symbols(List.of(records).stream().map(CanonicalRecord::symbol).toList()).data(Batch.of(List.of(records)));
    }

    static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % KafkaTopics.PARTITIONS;
    }

    /** Two symbols bound for the same partition. */
    static String[] samePartition() {
        List<String> found = new ArrayList<>();
        for (int i = 0; found.size() < 2; i++) {
            String s = "S" + i;
            if (found.isEmpty() || partition(s) == partition(found.get(0))) {
                found.add(s);
            }
        }
        return found.toArray(String[]::new);
    }

    @Test
    void aRunTravelsAsOneCarrierAndArrivesAsItsEvents() {
        String[] s = samePartition();
        List<OutEvent> run = List.of(
                normalized("a", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                        trade(s[0], 1, "185.12000000"), trade(s[0], 2, "185.13")),
                normalized("b", "00-00000000000000010000000000000002-0000000000000003-01", trade(s[1], 3, "10.5")),
                OutEvent.builder("normalize", EventTypes.REJECTED, "r-1").data(Map.of("reason", "X")),
                normalized("c", null, trade(s[0], 4, "185.14")));
        List<OutEvent> wire = RunCoalescer.coalesce("normalize", run);
        assertThat(wire).hasSize(2);
        OutEvent carrier = wire.get(0);
        assertThat(carrier.type()).isEqualTo(EventTypes.TICK_NORMALIZED);
        assertThat(carrier.partitionKey()).isEqualTo(s[0]);
        assertThat(carrier.subject()).isNull(); // two symbols
        assertThat(wire.get(1).type()).isEqualTo(EventTypes.REJECTED);

        // through the codec, as the next door reads it
        ProducerRecord<String, byte[]> record = CloudEventCodec.toKafka(carrier, "t");
        InEvent received = CloudEventCodec.fromKafka(record.headers(), record.value()).event("2");
        List<InEvent> events = RunCoalescer.expand(received);
        assertThat(events).extracting(InEvent::id).containsExactly("n-a", "n-b", "n-c");
        assertThat(events).allSatisfy(e -> assertThat(e.lane()).isEqualTo("2"));
        assertThat(events.get(0).extension("traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(events.get(2).extension("traceparent")).isNull();
        for (int i = 0; i < 3; i++) {
            // each event's data is its own records, as it would have been alone
            assertThat(new String(events.get(i).data(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.bytes(run.get(i == 2 ? 3 : i).data()), StandardCharsets.UTF_8));
        }
    }

    static OutEvent bars(String inputId, String symbol, String traceparent) {
        IndicatorComputed bar = new IndicatorComputed("alpaca", symbol, "1s", Instant.parse("2024-03-01T14:30:01Z"),
                new BarValues(new BigDecimal("185.12"), new BigDecimal("185.20"), new BigDecimal("185.10"),
                        new BigDecimal("185.15"), new BigDecimal("300"), new BigDecimal("185.14"), 3L),
                Map.of("sma_20", 185.1, "rsi_14", 55.5));
        return OutEvent.builder("indicator", EventTypes.INDICATOR_COMPUTED, "i-" + inputId)
                .extension("traceparent", traceparent).symbol(symbol).data(Batch.of(List.of(bar)));
    }

    /** Bars of several symbols closed by one poll: one carrier per partition, the per-symbol events at alpha-call. */
    @Test
    void barsOfOnePartitionTravelTogetherAndArriveAsTheirEvents() {
        String[] s = samePartition();
        List<OutEvent> run = List.of(bars("a", s[0], "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                bars("b", s[1], "00-00000000000000010000000000000002-0000000000000003-01"));
        List<OutEvent> wire = RunCoalescer.coalesce("indicator", run);
        assertThat(wire).hasSize(1);
        ProducerRecord<String, byte[]> record = CloudEventCodec.toKafka(wire.get(0), "t");
        List<InEvent> events = RunCoalescer.expand(CloudEventCodec.fromKafka(record.headers(), record.value()).event("1"));
        assertThat(events).extracting(InEvent::id).containsExactly("i-a", "i-b");
        assertThat(events.get(1).extension("traceparent")).isEqualTo("00-00000000000000010000000000000002-0000000000000003-01");
        for (int i = 0; i < 2; i++) {
            assertThat(new String(events.get(i).data(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.bytes(run.get(i).data()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void eventsForOtherPartitionsAndSingleEventsTravelAlone() {
        String a = "S0";
        String b = null;
        for (int i = 1; b == null; i++) {
            if (partition("S" + i) != partition(a)) {
                b = "S" + i;
            }
        }
        List<OutEvent> run = List.of(normalized("a", null, trade(a, 1, "1")), normalized("b", null, trade(b, 2, "2")));
        assertThat(RunCoalescer.coalesce("normalize", run)).isEqualTo(run);
        OutEvent alone = run.get(0);
        ProducerRecord<String, byte[]> record = CloudEventCodec.toKafka(alone, "t");
        InEvent received = CloudEventCodec.fromKafka(record.headers(), record.value()).event("0");
        assertThat(RunCoalescer.expand(received)).containsExactly(received);
    }

    @Test
    void carriersStayWithinTheRecordBoundAndNeverSplitAnEvent() {
        String[] s = samePartition();
        List<OutEvent> run = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<CanonicalRecord> records = new ArrayList<>();
            for (int k = 0; k < 30; k++) {
                records.add(trade(s[i % 2], i * 100 + k, "1." + k));
            }
            run.add(normalized("e" + i, null, records.toArray(CanonicalRecord[]::new)));
        }
        List<OutEvent> wire = RunCoalescer.coalesce("normalize", run);
        assertThat(wire).hasSize(3); // 1,200 records in carriers of at most 500, whole events only
        List<String> ids = new ArrayList<>();
        for (OutEvent carrier : wire) {
            InEvent in = new InEvent(carrier.id(), "1.0", carrier.type(), carrier.source(), null, "application/json",
                    carrier.extensions(), CloudEventCodec.data(carrier), "0");
            List<InEvent> events = RunCoalescer.expand(in);
            assertThat(events.stream().mapToInt(e -> Json.tree(e.data()).get("records").size()).sum())
                    .isLessThanOrEqualTo(RunCoalescer.MAX_RECORDS);
            events.forEach(e -> assertThat(Json.tree(e.data()).get("records")).hasSize(30));
            events.forEach(e -> ids.add(e.id()));
        }
        assertThat(ids).isEqualTo(run.stream().map(OutEvent::id).toList());
    }

    @Test
    void aCarrierWhosePartsDoNotAddUpIsLeftWhole() {
        byte[] data = "{\"parts\":[{\"id\":\"x\",\"records\":5}],\"records\":[{}]}".getBytes(StandardCharsets.UTF_8);
        InEvent in = new InEvent("c", "1.0", EventTypes.TICK_NORMALIZED, "/marketfn/normalize", null,
                "application/json", Map.of(), data, "0");
        assertThat(RunCoalescer.expand(in)).containsExactly(in);
    }
}
