package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.Kind;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticFeedTest {
    static final Providers PROVIDERS = Providers.standard();

    static List<CanonicalRecord> normalize(CloudEvent e, Instant now) {
        return PROVIDERS.normalize(new RawMessage(e.extensions().get("provider"), e.id(), Json.tree(e.data()),
                e.subject(), now));
    }

    @Test
    void anHourOfTheWalkIsValidRealisticAndDeterministic() {
        Instant t0 = Instant.parse("2025-06-11T13:30:00Z");
        SyntheticFeed a = new SyntheticFeed(List.of("AAPL", "ETH-USD"), 42, 0.3, Map.of("AAPL", 100.0));
        SyntheticFeed b = new SyntheticFeed(List.of("AAPL", "ETH-USD"), 42, 0.3, Map.of("AAPL", 100.0));
        List<CanonicalRecord> aapl = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3600; i++) { // a message every 2 s per symbol, one hour
            Instant now = t0.plusMillis(1000L * i);
            CloudEvent e = a.next("s-", now);
            assertThat(e.data()).isEqualTo(b.next("s-", now).data());
            for (CanonicalRecord r : normalize(e, now)) {
                assertThat(ids.add(r.eventId())).as("event ids are unique").isTrue();
                assertThat(r.ts()).isBeforeOrEqualTo(now);
                if (r.symbol().equals("AAPL")) {
                    aapl.add(r);
                } else {
                    assertThat(r.assetClass()).isEqualTo("crypto");
                    assertThat(r.currency()).isEqualTo("USD");
                }
            }
        }
        List<CanonicalRecord> trades = aapl.stream().filter(r -> r.kind() == Kind.TRADE).toList();
        assertThat(trades.size()).isBetween(1800, 1800 * 4);
        for (int i = 1; i < trades.size(); i++) {
            assertThat(trades.get(i).ts()).isAfter(trades.get(i - 1).ts());
            double step = trades.get(i).price().doubleValue() / trades.get(i - 1).price().doubleValue() - 1;
            assertThat(Math.abs(step)).as("no outlier between consecutive trades").isLessThan(0.01);
        }
        double last = trades.get(trades.size() - 1).price().doubleValue();
        assertThat(last).as("an hour at 30 %% a year moves about 1 %%").isBetween(92.0, 108.0).isNotEqualTo(100.0);
        assertThat(trades).allMatch(t -> t.price().scale() <= 2 && t.assetClass().equals("equity"));
        assertThat(trades.stream().filter(t -> !t.setsLastPrice()).count()).as("odd lots").isBetween(trades.size() / 20L, trades.size() / 4L);
        List<CanonicalRecord> quotes = aapl.stream().filter(r -> r.kind() == Kind.QUOTE).toList();
        assertThat(quotes).hasSize(1800).allMatch(q -> q.bid().compareTo(q.ask()) < 0 && q.bid().compareTo(BigDecimal.ZERO) > 0);
    }

    @Test
    void symbolsAreCanonicalAndBadOnesAreRefused() {
        assertThat(new SyntheticFeed(List.of("aapl", "btc/usdt", "BRK-B", "ZZZZ"), 1, 0.3, Map.of()).symbols())
                .containsExactly("AAPL", "BTC-USDT", "BRK.B", "ZZZZ");
        assertThatThrownBy(() -> new SyntheticFeed(List.of("AAPL", "aapl"), 1, 0.3, Map.of())).hasMessageContaining("twice");
        assertThatThrownBy(() -> new SyntheticFeed(List.of("A B$"), 1, 0.3, Map.of())).hasMessageContaining("not an equity symbol");
        assertThatThrownBy(() -> new SyntheticFeed(List.of("AAPL"), 1, -1, Map.of())).hasMessageContaining("volatility");
        assertThatThrownBy(() -> new SyntheticFeed(List.of("AAPL"), 1, 0.3, Map.of("AAPL", 0.0))).hasMessageContaining("> 0");
    }

    @Test
    void progressBarRendersCountsAndRate() {
        Progress p = new Progress(System.out, "replay", 380, true, 10);
        assertThat(p.render(95, 1, 2.0)).isEqualTo("replay [#######.......................] 95/380  25%  47.5 ev/s  1 failed  2.0 s");
        assertThat(new Progress(System.out, "synth", -1, false, 10).render(10, 0, 4.0)).isEqualTo("synth 10 sent  2.5 ev/s  0 failed  4.0 s");
    }
}
