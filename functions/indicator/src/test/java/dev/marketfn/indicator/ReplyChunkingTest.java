package dev.marketfn.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.OutEvent;
import dev.marketfn.runtime.Reply;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An idle flush that closes thousands of bars must not become one event over Kafka's 1 MB record limit. */
class ReplyChunkingTest {

    static List<IndicatorComputed> closed(int n) {
        List<IndicatorComputed> out = new ArrayList<>();
        BigDecimal p = new BigDecimal("187.25");
        for (int i = 0; i < n; i++) {
            out.add(new IndicatorComputed("polygon", "SYM" + (i % 1000), "1s", Instant.parse("2024-03-01T14:30:00Z").plusSeconds(i),
                    new BarValues(p, p, p, p, BigDecimal.TEN, p, 1L), Map.of("sma_20", 187.25, "obv", 10.0)));
        }
        return out;
    }

    @Test
    void aLargeFlushIsSplitIntoBoundedEventsThatTogetherCarryEveryBarOnce() {
        List<IndicatorComputed> bars = closed(1604);
        Reply reply = IndicatorHandlers.reply("ping-1", null, bars);
        List<OutEvent> events = new ArrayList<>();
        events.add(reply.reply());
        events.addAll(reply.sideEvents());
        assertThat(events).hasSize(9); // 8 × 200 + 4
        List<Object> carried = new ArrayList<>();
        for (OutEvent e : events) {
            byte[] bytes = Json.bytes(e.data());
            assertThat(bytes.length).isLessThan(512 * 1024);
            Json.tree(bytes).path("records").forEach(r -> carried.add(r.path("ts").asText() + r.path("symbol").asText()));
        }
        assertThat(carried).hasSize(1604).doesNotHaveDuplicates();
        assertThat(new HashSet<>(events.stream().map(OutEvent::id).toList())).hasSize(9);
        // deterministic: a retry of the same input repeats the same ids
        assertThat(IndicatorHandlers.reply("ping-1", null, bars).sideEvents().get(3).id())
                .isEqualTo(reply.sideEvents().get(3).id());
    }

    @Test
    void aSmallCloseIsOneReplyWithoutSideEvents() {
        Reply reply = IndicatorHandlers.reply("ev-1", null, closed(3));
        assertThat(reply.reply()).isNotNull();
        assertThat(reply.sideEvents()).isEmpty();
    }
}
