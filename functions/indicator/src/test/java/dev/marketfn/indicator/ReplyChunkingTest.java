package dev.marketfn.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.runtime.Reply;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An idle flush that closes thousands of bars must not become one event over Kafka's 1 MB record limit; each event
 * holds one symbol (its partition key keeps a series in order, finding 6); the same bars always make the same events
 * under the same ids, whatever order they were closed in (a redelivery re-emits them, finding 7).
 */
class ReplyChunkingTest {

    static List<IndicatorComputed> closed(int n, int symbols) {
        List<IndicatorComputed> out = new ArrayList<>();
        BigDecimal p = new BigDecimal("187.25");
        for (int i = 0; i < n; i++) {
            out.add(new IndicatorComputed("polygon", "SYM" + (i % symbols), "1s",
                    Instant.parse("2024-03-01T14:30:00Z").plusSeconds(i),
                    new BarValues(p, p, p, p, BigDecimal.TEN, p, 1L), Map.of("sma_20", 187.25, "obv", 10.0)));
        }
        return out;
    }

    static List<OutEvent> events(Reply reply) {
        List<OutEvent> events = new ArrayList<>();
        events.add(reply.reply());
        events.addAll(reply.sideEvents());
        return events;
    }

    @Test
    void aLargeFlushIsSplitIntoBoundedEventsThatTogetherCarryEveryBarOnce() {
        List<IndicatorComputed> bars = closed(1604, 2); // 802 bars per symbol: 4 × 200 + 2 each
        List<OutEvent> events = events(IndicatorHandlers.reply("ping-1", null, bars));
        assertThat(events).hasSize(10);
        List<Object> carried = new ArrayList<>();
        for (OutEvent e : events) {
            byte[] bytes = Json.bytes(e.data());
            assertThat(bytes.length).isLessThan(512 * 1024);
            Json.tree(bytes).path("records").forEach(r -> carried.add(r.path("ts").asText() + r.path("symbol").asText()));
        }
        assertThat(carried).hasSize(1604).doesNotHaveDuplicates();
        assertThat(new HashSet<>(events.stream().map(OutEvent::id).toList())).hasSize(10);
        // deterministic: a retry of the same input repeats the same ids
        assertThat(IndicatorHandlers.reply("ping-1", null, bars).sideEvents().get(3).id())
                .isEqualTo(events.get(4).id());
    }

    @Test
    void everyEventHoldsOneSymbolKeyedByItAndItsSeriesInBarOrder() {
        List<IndicatorComputed> bars = closed(30, 7);
        List<OutEvent> events = events(IndicatorHandlers.reply("ev-1", null, bars));
        assertThat(events).hasSize(7);
        for (OutEvent e : events) {
            List<String> symbols = new ArrayList<>();
            List<Instant> ts = new ArrayList<>();
            Json.tree(Json.bytes(e.data())).path("records").forEach(r -> {
                symbols.add(r.path("symbol").asText());
                ts.add(Instant.parse(r.path("ts").asText()));
            });
            assertThat(new HashSet<>(symbols)).hasSize(1);
            assertThat(e.partitionKey()).isEqualTo(symbols.get(0));
            assertThat(e.subject()).isEqualTo(symbols.get(0));
            assertThat(ts).isSorted();
        }
    }

    @Test
    void theSameBarsMakeTheSameEventsWhateverTheOrderTheyWereClosedIn() {
        List<IndicatorComputed> bars = closed(650, 3);
        List<OutEvent> first = events(IndicatorHandlers.reply("ev-2", "00-abc-def-01", bars));
        List<IndicatorComputed> shuffled = new ArrayList<>(bars);
        Collections.shuffle(shuffled, new Random(7));
        List<OutEvent> again = events(IndicatorHandlers.reply("ev-2", "00-abc-def-01", shuffled));
        assertThat(again).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).id()).isEqualTo(first.get(i).id());
            assertThat(again.get(i).extensions()).isEqualTo(first.get(i).extensions());
            assertThat(Json.bytes(again.get(i).data())).isEqualTo(Json.bytes(first.get(i).data()));
        }
    }

    @Test
    void aSmallCloseIsOneReplyWithoutSideEvents() {
        Reply reply = IndicatorHandlers.reply("ev-1", null, closed(3, 1));
        assertThat(reply.reply()).isNotNull();
        assertThat(reply.sideEvents()).isEmpty();
    }
}
