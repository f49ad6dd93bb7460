package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.Json;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleTest {
    @Test
    void committedSampleIsWhatTheGeneratorWrites() {
        for (Map.Entry<String, String> f : SampleGenerator.generate().entrySet()) {
            assertThat(Sample.resource(f.getKey())).as(f.getKey() + " (regenerate with SampleGenerator)").isEqualTo(f.getValue());
        }
    }

    @Test
    void sampleIsSmallAndEverySeriesSpansSixtyMinutes() {
        long bytes = SampleGenerator.generate().values().stream().mapToLong(String::length).sum();
        assertThat(bytes).isLessThan(2_000_000);
        LocalDate day = Sample.targetDay(Instant.parse("2025-11-24T18:00:00Z"));
        List<CloudEvent> events = Demo.events(day, 1.0);
        Map<String, long[]> span = new java.util.HashMap<>();
        int trades = 0;
        Instant ingest = day.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
        for (CloudEvent e : events) {
            if (!e.type().equals(CloudEvent.RAW)) {
                continue;
            }
            for (var r : Providers.standard().normalize(new RawMessage(e.extensions().get("provider"), e.id(),
                    Json.tree(e.data()), e.subject(), ingest))) {
                if (r.ts().toString().startsWith(day.toString())) {
                    long minute = r.ts().getEpochSecond() / 60;
                    span.computeIfAbsent(r.provider() + "|" + r.symbol(), k -> new long[] {Long.MAX_VALUE, 0});
                    long[] s = span.get(r.provider() + "|" + r.symbol());
                    s[0] = Math.min(s[0], minute);
                    s[1] = Math.max(s[1], minute);
                }
                if ("trade".equalsIgnoreCase(r.kind().toString())) {
                    trades++;
                }
            }
        }
        assertThat(trades).isBetween(1000, 6000);
        assertThat(span.keySet()).contains("alpaca|AAPL", "alpaca|MSFT", "polygon|NVDA", "polygon|AAPL",
                "binance|BTC-USDT", "coinbase|ETH-USD", "alphavantage|IBM", "csv|SPY");
        span.forEach((k, s) -> assertThat(s[1] - s[0]).as(k).isGreaterThanOrEqualTo(60));
    }

    @Test
    void rebaseMovesEveryDateByBusinessDaysAndKeepsWeekdays() {
        LocalDate target = LocalDate.of(2025, 11, 21); // a Friday
        String csv = Sample.rebase(Sample.resource("csv-daily-NVDA.csv"), SampleGenerator.BASE_DAY, target);
        Set<String> dates = new HashSet<>();
        for (String line : csv.lines().skip(1).toList()) {
            LocalDate d = LocalDate.parse(line.split(",")[1]);
            assertThat(d.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(d).isBefore(target);
            dates.add(d.toString());
        }
        assertThat(dates).hasSize(80);
        String polygon = Sample.rebase(Sample.resource("polygon-trades.jsonl"), SampleGenerator.BASE_DAY, target);
        long t = Json.tree(polygon.lines().findFirst().orElseThrow().getBytes()).get(0).get("t").asLong();
        assertThat(Instant.ofEpochMilli(t).toString()).startsWith("2025-11-21T13:30:");
        assertThat(Sample.rebase("{\"i\":52995000,\"q\":4210000}", SampleGenerator.BASE_DAY, target))
                .isEqualTo("{\"i\":52995000,\"q\":4210000}");
    }

    @Test
    void targetDayIsTheLatestFinishedWeekdaySession() {
        assertThat(Sample.targetDay(Instant.parse("2025-11-24T10:00:00Z"))).isEqualTo(LocalDate.of(2025, 11, 21));
        assertThat(Sample.targetDay(Instant.parse("2025-11-24T16:00:00Z"))).isEqualTo(LocalDate.of(2025, 11, 24));
        assertThat(Sample.targetDay(Instant.parse("2025-11-23T16:00:00Z"))).isEqualTo(LocalDate.of(2025, 11, 21));
        // under standard time the Alpha Vantage bars (10:40 US Eastern) end at 15:40 UTC: not over at 15:35
        assertThat(Sample.targetDay(Instant.parse("2026-12-07T15:35:00Z"))).isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(Sample.targetDay(Instant.parse("2026-12-07T15:50:00Z"))).isEqualTo(LocalDate.of(2026, 12, 7));
    }

    @Test
    void fractionThinsStreamsButKeepsSingleMessagesAndTheAnnouncement() {
        LocalDate day = LocalDate.of(2025, 11, 21);
        List<CloudEvent> all = Demo.events(day, 1.0);
        List<CloudEvent> third = Demo.events(day, 0.34);
        assertThat(third.size()).isBetween(all.size() / 4, all.size() / 2);
        assertThat(third).anyMatch(e -> e.type().equals(CloudEvent.ANNOUNCED));
        assertThat(third).anyMatch(e -> "alphavantage".equals(e.extensions().get("provider")));
        assertThat(all.stream().map(CloudEvent::id).distinct().count()).isEqualTo(all.size());
    }
}
