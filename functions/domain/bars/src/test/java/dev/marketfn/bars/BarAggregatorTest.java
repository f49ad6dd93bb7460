package dev.marketfn.bars;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.ExchangeZones;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Closing, lateness, revision, deduplication and idle flush on small hand-made streams. */
class BarAggregatorTest {
    static final Instant T0 = Instant.parse("2024-07-15T14:00:00Z");
    static final BarKey SECOND = new BarKey("alpaca", "AAPL", Interval.S1, T0);

    static TradeTick trade(String id, long millis, String price, String size) {
        return new TradeTick(id, T0.plusMillis(millis), 0, new BigDecimal(price), new BigDecimal(size), true);
    }

    static BarAggregator seconds() {
        return new BarAggregator(EnumSet.of(Interval.S1), BarAggregator.DEFAULT_ALLOWED_LATENESS);
    }

    static Accepted send(BarAggregator agg, TradeTick t) {
        return agg.accept("alpaca", "AAPL", ExchangeZones.NEW_YORK, t);
    }

    @Test
    void windowClosesWhenTheWatermarkReachesItsEndAndCountsDisorderedTradesWithinLateness() {
        BarAggregator agg = seconds();
        assertThat(send(agg, trade("a", 200, "10", "100")).closed()).isEmpty();
        assertThat(send(agg, trade("b", 900, "11", "100")).closed()).isEmpty();
        // watermark 1300 - 500 = 800 ms < end 1000: still open
        assertThat(send(agg, trade("c", 1300, "12", "100")).closed()).isEmpty();
        // arrives after c but inside the allowed lateness: counted before the bar is emitted
        Accepted d = send(agg, trade("d", 950, "9", "100"));
        assertThat(d.arrival()).isEqualTo(Arrival.ON_TIME);
        assertThat(d.closed()).isEmpty();
        // watermark 1500 - 500 = 1000 ms = end: closes [0, 1000)
        Accepted e = send(agg, trade("e", 1500, "12", "100"));
        assertThat(e.closed()).hasSize(1);
        ClosedBar bar = e.closed().get(0);
        assertThat(bar.key()).isEqualTo(SECOND);
        assertThat(bar.end()).isEqualTo(T0.plusSeconds(1));
        assertThat(bar.revised()).isFalse();
        assertThat(bar.values().toBarValues().open()).isEqualByComparingTo("10");
        assertThat(bar.values().close()).isEqualByComparingTo("9"); // d is the last by event time
        assertThat(bar.values().high()).isEqualByComparingTo("11");
        assertThat(bar.values().low()).isEqualByComparingTo("9");
        assertThat(bar.values().tradeCount()).isEqualTo(3);
        assertThat(agg.watermark().current("alpaca")).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void lateTradeRevisesTheStoredBarAndIsReportedLateAndItsReplayChangesNothing() {
        BarAggregator agg = seconds();
        send(agg, trade("a", 100, "10", "100"));
        ClosedBar emitted = send(agg, trade("b", 1600, "10", "100")).closed().get(0);
        assertThat(emitted.values().tradeCount()).isEqualTo(1);

        Accepted late = send(agg, trade("late", 50, "8", "300"));
        assertThat(late.arrival()).isEqualTo(Arrival.LATE);
        assertThat(late.closed()).isEmpty(); // not emitted a second time as a new bar
        assertThat(late.revised()).hasSize(1);
        ClosedBar revised = late.revised().get(0);
        assertThat(revised.revised()).isTrue();
        assertThat(revised.lateTrades()).isEqualTo(1);
        assertThat(revised.values().open()).isEqualByComparingTo("8"); // earlier by event time: new open
        assertThat(revised.values().close()).isEqualByComparingTo("10");
        assertThat(revised.values().volume()).isEqualByComparingTo("400");
        assertThat(revised.values().vwap()).isEqualByComparingTo("8.5");

        Accepted replay = send(agg, trade("late", 50, "8", "300"));
        assertThat(replay.arrival()).isEqualTo(Arrival.DUPLICATE);
        assertThat(replay.revised()).isEmpty();
        assertThat(agg.bar(SECOND).orElseThrow().values()).isEqualTo(revised.values());
    }

    @Test
    void replayOfAnOnTimeTradeChangesNothing() {
        BarAggregator agg = seconds();
        send(agg, trade("a", 100, "10", "100"));
        assertThat(send(agg, trade("a", 100, "10", "100")).arrival()).isEqualTo(Arrival.DUPLICATE);
        assertThat(agg.bar(SECOND).orElseThrow().values().volume()).isEqualByComparingTo("100");
    }

    @Test
    void tradeBeyondLatenessForAWindowNeverEmittedIsLateAndEmittedAtOnce() {
        BarAggregator agg = seconds();
        send(agg, trade("a", 5000, "10", "1"));
        Accepted old = send(agg, trade("old", 2200, "7", "1")); // window [2000, 3000) <= watermark 4500
        assertThat(old.arrival()).isEqualTo(Arrival.LATE);
        assertThat(old.closed()).singleElement().satisfies(b -> {
            assertThat(b.key().start()).isEqualTo(T0.plusSeconds(2));
            assertThat(b.lateTrades()).isEqualTo(1);
            assertThat(b.revised()).isFalse();
        });
    }

    @Test
    void idleFlushClosesWindowsEndedBeforeNowMinusLateness() {
        BarAggregator agg = new BarAggregator(EnumSet.of(Interval.S1, Interval.M1), Duration.ofMillis(500));
        send(agg, trade("a", 100, "10", "1"));
        send(agg, trade("b", 1200, "10", "1"));
        assertThat(agg.openWindows()).isEqualTo(3);
        assertThat(agg.flushIdle(T0.plusMillis(1400))).isEmpty(); // 1400 - 500 < 1000
        assertThat(agg.flushIdle(T0.plusMillis(1500))).extracting(b -> b.key().start()).containsExactly(T0);
        assertThat(agg.flushIdle(T0.plusMillis(2499))).isEmpty();
        assertThat(agg.flushIdle(T0.plusMillis(2500))).extracting(b -> b.key().interval()).containsExactly(Interval.S1);
        assertThat(agg.flushIdle(T0.plusSeconds(60).plusMillis(500)))
                .extracting(b -> b.key().interval()).containsExactly(Interval.M1);
        assertThat(agg.openWindows()).isZero();
        // after the idle flush a trade for a flushed window is late and revises it
        Accepted late = send(agg, trade("c", 300, "11", "1"));
        assertThat(late.arrival()).isEqualTo(Arrival.LATE);
        assertThat(late.revised()).hasSize(2);
    }

    @Test
    void windowOfOnlyIneligibleTradesHasVolumeButNoPrices() {
        BarAggregator agg = seconds();
        send(agg, new TradeTick("odd1", T0.plusMillis(10), 1, new BigDecimal("10.00"), new BigDecimal("30"), false));
        send(agg, new TradeTick("odd2", T0.plusMillis(20), 2, new BigDecimal("10.10"), new BigDecimal("10"), false));
        ClosedBar bar = agg.flushAll().get(0);
        assertThat(bar.values().hasPrices()).isFalse();
        assertThat(bar.values().toBarValues().open()).isNull();
        assertThat(bar.values().toBarValues().close()).isNull();
        assertThat(bar.values().toBarValues().volume()).isEqualByComparingTo("40");
        assertThat(bar.values().toBarValues().vwap()).isEqualByComparingTo("10.025");
        assertThat(bar.values().tradeCount()).isEqualTo(2);
    }

    @Test
    void ineligibleTradesCountInVolumeButNotInPrices() {
        BarAggregator agg = seconds();
        send(agg, new TradeTick("x", T0.plusMillis(10), 1, new BigDecimal("99"), new BigDecimal("5"), false));
        send(agg, trade("a", 20, "10", "100"));
        send(agg, new TradeTick("y", T0.plusMillis(30), 3, new BigDecimal("1"), new BigDecimal("5"), false));
        send(agg, trade("b", 40, "10.5", "100"));
        var v = agg.flushAll().get(0).values();
        assertThat(v.open()).isEqualByComparingTo("10");
        assertThat(v.high()).isEqualByComparingTo("10.5");
        assertThat(v.low()).isEqualByComparingTo("10");
        assertThat(v.close()).isEqualByComparingTo("10.5");
        assertThat(v.volume()).isEqualByComparingTo("210");
        assertThat(v.tradeCount()).isEqualTo(4);
        assertThat(v.pvSum()).isEqualByComparingTo("2550"); // 495 + 1000 + 5 + 1050
    }

    @Test
    void evictedWindowGetsAPartialRevision() {
        BarAggregator agg = seconds();
        send(agg, trade("a", 100, "10", "1"));
        send(agg, trade("b", 2000, "10", "1"));
        assertThat(agg.evictClosedThrough(T0.plusSeconds(1))).isEqualTo(1);
        Accepted late = send(agg, trade("c", 200, "9", "1"));
        assertThat(late.arrival()).isEqualTo(Arrival.LATE);
        assertThat(late.revised()).singleElement().satisfies(b -> {
            assertThat(b.partial()).isTrue();
            assertThat(b.values().tradeCount()).isEqualTo(1);
        });
    }

    @Test
    void equalTimestampsAreOrderedBySeqThenEventId() {
        Instant ts = T0.plusMillis(5);
        TradeTick first = new TradeTick("p|S|t|1", ts, 1, new BigDecimal("1"), BigDecimal.ONE, true);
        TradeTick second = new TradeTick("p|S|t|2", ts, 2, new BigDecimal("2"), BigDecimal.ONE, true);
        TradeTick thirdA = new TradeTick("a", ts, 3, new BigDecimal("3"), BigDecimal.ONE, true);
        TradeTick thirdB = new TradeTick("b", ts, 3, new BigDecimal("4"), BigDecimal.ONE, true);
        BarAccumulator forward = BarAccumulator.EMPTY.add(first).add(second).add(thirdA).add(thirdB);
        BarAccumulator backward = BarAccumulator.EMPTY.add(thirdB).add(thirdA).add(second).add(first);
        assertThat(forward).isEqualTo(backward);
        assertThat(forward.open()).isEqualByComparingTo("1");
        assertThat(forward.close()).isEqualByComparingTo("4");
        assertThat(forward.closeSeq()).isEqualTo(3);
    }
}
