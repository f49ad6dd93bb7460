package dev.marketfn.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void messagesAreProviderJsonAndTradesAreUnique() throws Exception {
        Feed feed = new Feed(7, 50, 50_000, 1_750_000_000_000_000L);
        List<Feed.Trade> trades = new ArrayList<>();
        List<Feed.Msg> msgs = Pipeline.generate(feed, 20_000, trades);
        assertThat(Pipeline.trades(msgs)).isEqualTo(trades.size()).isGreaterThanOrEqualTo(20_000);
        Set<String> providers = new HashSet<>();
        for (Feed.Msg m : msgs) {
            JsonNode n = JSON.readTree(m.data());
            providers.add(m.provider());
            switch (m.provider()) {
                case "alpaca", "polygon" -> assertThat(n.size()).isEqualTo(m.trades());
                case "csv" -> assertThat(n.asText().split("\n")).hasSize(m.trades() + 1);
                default -> assertThat(n.isObject()).isTrue();
            }
        }
        assertThat(providers).containsExactlyInAnyOrder("alpaca", "polygon", "binance", "coinbase", "csv");
        Set<String> ids = new HashSet<>();
        for (Feed.Trade t : trades) {
            ids.add(t.provider() + "|" + t.symbol() + "|" + t.tsMicros() + "|" + t.seq());
        }
        assertThat(ids).hasSize(trades.size());
    }

    @Test
    void traceparentCarriesSendTimeAndMessage() {
        String tp = Trace.traceparent(1_750_000_000_123_456L, 2_000_000_042L);
        assertThat(tp).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(Trace.sendMicros(tp)).isEqualTo(1_750_000_000_123_456L);
        assertThat(Trace.msgSeq(tp)).isEqualTo(2_000_000_042L);
        assertThat(Trace.sendMicros("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isPositive();
        assertThat(Trace.sendMicros(null)).isEqualTo(-1);
    }

    @Test
    void percentiles() {
        long[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Stats.percentile(s, 50)).isEqualTo(5);
        assertThat(Stats.percentile(s, 99)).isEqualTo(10);
        assertThat(Observer.occurrences("{\"event_id\":1,\"raw_event_id\":2},{\"event_id\":3}".getBytes(), "\"event_id\"")).isEqualTo(2);
    }
}
