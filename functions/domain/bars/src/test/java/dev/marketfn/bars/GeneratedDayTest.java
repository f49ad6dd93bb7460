package dev.marketfn.bars;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.ExchangeZones;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A generated day (120,000 trades, five symbols on two providers, across the New York DST change of 2024-03-10):
 * bounded disorder, ~5% replays, ~1.5% trades far beyond the allowed lateness, ~5% ineligible odd lots, many equal
 * timestamps. The aggregator, fed in a shuffled arrival order, must end with exactly the bars of a plain group-by
 * over the deduplicated trades, and report late exactly the trades whose window had closed on arrival.
 */
class GeneratedDayTest {
    static final long LATENESS_MS = 500;
    static final Instant DAY = Instant.parse("2024-03-10T03:00:00Z");

    record Symbol(String provider, String name, ZoneId zone, int priceScale, int sizeScale, long startUnits) {
    }

    record Sent(Symbol symbol, TradeTick tick, long arrivalKey) {
    }

    static final List<Symbol> SYMBOLS = List.of(
            new Symbol("alpaca", "AAPL", ExchangeZones.NEW_YORK, 2, 0, 17_512),
            new Symbol("alpaca", "BRK.B", ExchangeZones.NEW_YORK, 2, 0, 40_120),
            new Symbol("alpaca", "SPY", ExchangeZones.NEW_YORK, 4, 0, 5_100_000),
            new Symbol("binance", "BTC-USDT", ExchangeZones.UTC, 2, 5, 6_800_000),
            new Symbol("binance", "ETH-USDT", ExchangeZones.UTC, 2, 4, 350_000));

    static List<TradeTick> generate(SplittableRandom r, Map<String, Symbol> symbolOf, int count) {
        List<TradeTick> trades = new ArrayList<>(count);
        Map<String, Long> seqByProvider = new HashMap<>();
        long[] units = SYMBOLS.stream().mapToLong(Symbol::startUnits).toArray();
        long spanMicros = 26L * 3600 * 1_000_000;
        long micros = 0;
        for (int i = 0; i < count; i++) {
            int s = r.nextInt(SYMBOLS.size());
            Symbol sym = SYMBOLS.get(s);
            if (r.nextInt(10) != 0) { // 10% share the previous timestamp exactly
                micros += 1 + r.nextLong(2 * spanMicros / count);
            }
            Instant ts = DAY.plus(micros, ChronoUnit.MICROS);
            units[s] = Math.max(1, units[s] + r.nextLong(-3, 4));
            BigDecimal price = BigDecimal.valueOf(units[s], sym.priceScale());
            BigDecimal size = BigDecimal.valueOf(1 + r.nextLong(sym.sizeScale() == 0 ? 800 : 2_000_000), sym.sizeScale());
            boolean oddLot = sym.sizeScale() == 0 && r.nextInt(20) == 0; // ~5% of equity trades: ineligible
            long seq = seqByProvider.merge(sym.provider(), 1L, Long::sum);
            String id = sym.provider() + "|" + sym.name() + "|" + ts + "|" + seq;
            symbolOf.put(id, sym);
            trades.add(new TradeTick(id, ts, seq, price, oddLot ? size.min(BigDecimal.valueOf(99)) : size, !oddLot));
        }
        return trades;
    }

    static List<Sent> arrivalOrder(SplittableRandom r, List<TradeTick> trades, Map<String, Symbol> symbolOf) {
        List<Sent> sent = new ArrayList<>();
        for (TradeTick t : trades) {
            long eventMs = t.ts().toEpochMilli();
            int fate = r.nextInt(1000);
            long delay = fate < 15 ? 1_000 + r.nextLong(20_000) // far beyond the allowed lateness
                    : r.nextLong(LATENESS_MS * 4 / 5);            // bounded disorder
            sent.add(new Sent(symbolOf.get(t.eventId()), t, eventMs + delay));
            if (r.nextInt(20) == 0) { // ~5% replays, some long after their window closed
                sent.add(new Sent(symbolOf.get(t.eventId()), t, eventMs + r.nextLong(120_000)));
            }
        }
        Collections.shuffle(sent, new java.util.Random(r.nextLong()));
        sent.sort(Comparator.comparingLong(Sent::arrivalKey)); // stable: ties stay shuffled
        return sent;
    }

    @ParameterizedTest(name = "arrival seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void everyBarEqualsAnIndependentGroupByOverTheDistinctTrades(long arrivalSeed) {
        Map<String, Symbol> symbolOf = new HashMap<>();
        List<TradeTick> trades = generate(new SplittableRandom(20240310), symbolOf, 120_000);
        List<Sent> arrivals = arrivalOrder(new SplittableRandom(arrivalSeed), trades, symbolOf);
        assertThat(arrivals.size()).isGreaterThan(125_000);

        // Expected lateness, simulated from its definition: the trade's 1s window (the earliest-ending of its
        // windows) ended at or before max(event time seen from its provider) − lateness when it arrived.
        Set<String> seen = new HashSet<>();
        Set<String> expectedLate = new HashSet<>();
        int expectedDuplicates = 0;
        Map<String, Long> maxMs = new HashMap<>();
        for (Sent s : arrivals) {
            TradeTick t = s.tick();
            if (!seen.add(t.eventId())) {
                expectedDuplicates++;
                continue;
            }
            Long max = maxMs.get(s.symbol().provider());
            long secondEndMs = t.ts().truncatedTo(ChronoUnit.SECONDS).toEpochMilli() + 1000;
            if (max != null && max - LATENESS_MS >= secondEndMs) {
                expectedLate.add(t.eventId());
            }
            maxMs.merge(s.symbol().provider(), t.ts().toEpochMilli(), Math::max);
        }

        BarAggregator agg = new BarAggregator();
        Map<BarKey, ClosedBar> emitted = new HashMap<>();
        Set<String> reportedLate = new HashSet<>();
        int duplicates = 0;
        int revisions = 0;
        for (Sent s : arrivals) {
            Accepted a = agg.accept(s.symbol().provider(), s.symbol().name(), s.symbol().zone(), s.tick());
            switch (a.arrival()) {
                case DUPLICATE -> duplicates++;
                case LATE -> reportedLate.add(s.tick().eventId());
                case ON_TIME -> { }
            }
            for (ClosedBar b : a.closed()) {
                assertThat(emitted.put(b.key(), b)).as("emitted once: %s", b.key()).isNull();
            }
            revisions += a.revised().size();
            for (ClosedBar b : a.revised()) {
                assertThat(emitted).as("only emitted bars are revised").containsKey(b.key());
                assertThat(b.revised()).isTrue();
            }
        }
        for (ClosedBar b : agg.flushAll()) {
            assertThat(emitted.put(b.key(), b)).isNull();
        }

        Map<BarKey, Expected> expected = groupBy(trades, symbolOf);
        Map<BarKey, ClosedBar> actual = new HashMap<>();
        agg.bars().forEach(b -> actual.put(b.key(), b));
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        assertThat(emitted.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<BarKey, Expected> e : expected.entrySet()) {
            BarAccumulator v = actual.get(e.getKey()).values();
            Expected x = e.getValue();
            assertThat(v.toBarValues()).as("%s", e.getKey()).isEqualTo(x.toBarValues());
            assertThat(v.pvSum()).isEqualByComparingTo(x.pvSum);
            assertThat(v.openTs()).isEqualTo(x.openTs);
            assertThat(v.closeTs()).isEqualTo(x.closeTs);
            ClosedBar first = emitted.get(e.getKey());
            if (!actual.get(e.getKey()).revised()) {
                assertThat(first.values()).isEqualTo(v); // never revised: the emitted bar was already final
            }
        }
        assertThat(duplicates).isEqualTo(expectedDuplicates).isGreaterThan(5_000);
        assertThat(reportedLate).isEqualTo(expectedLate);
        assertThat(expectedLate.size()).isGreaterThan(1_000);
        assertThat(revisions).isPositive();
        assertThat(expected.values().stream().filter(x -> x.open == null).count())
                .as("some windows hold only ineligible trades").isPositive();
        assertThat(expected.keySet().stream().filter(k -> k.interval() == Interval.D1).count()).isGreaterThanOrEqualTo(8);
    }

    /** The straightforward computation: dedupe, group by window, sort by event order, read off the bar. */
    static Map<BarKey, Expected> groupBy(List<TradeTick> trades, Map<String, Symbol> symbolOf) {
        Map<String, TradeTick> distinct = new LinkedHashMap<>();
        trades.forEach(t -> distinct.putIfAbsent(t.eventId(), t));
        Map<BarKey, List<TradeTick>> groups = new HashMap<>();
        for (TradeTick t : distinct.values()) {
            Symbol s = symbolOf.get(t.eventId());
            for (Interval interval : Interval.values()) {
                groups.computeIfAbsent(new BarKey(s.provider(), s.name(), interval, start(interval, t.ts(), s.zone())),
                        k -> new ArrayList<>()).add(t);
            }
        }
        Map<BarKey, Expected> out = new HashMap<>();
        groups.forEach((key, list) -> {
            list.sort(Comparator.comparing(TradeTick::ts).thenComparingLong(TradeTick::seq)
                    .thenComparing(TradeTick::eventId));
            Expected x = new Expected();
            for (TradeTick t : list) {
                x.volume = x.volume.add(t.size());
                x.pvSum = x.pvSum.add(t.price().multiply(t.size()));
                x.count++;
                if (t.eligible()) {
                    if (x.open == null) {
                        x.open = t.price();
                        x.openTs = t.ts();
                        x.high = t.price();
                        x.low = t.price();
                    }
                    x.high = x.high.max(t.price());
                    x.low = x.low.min(t.price());
                    x.close = t.price();
                    x.closeTs = t.ts();
                }
            }
            out.put(key, x);
        });
        return out;
    }

    static Instant start(Interval interval, Instant ts, ZoneId zone) {
        return switch (interval) {
            case S1 -> ts.truncatedTo(ChronoUnit.SECONDS);
            case M1 -> ts.truncatedTo(ChronoUnit.MINUTES);
            case M5 -> {
                Instant m = ts.truncatedTo(ChronoUnit.MINUTES);
                yield m.minus(m.atZone(ExchangeZones.UTC).getMinute() % 5, ChronoUnit.MINUTES);
            }
            case H1 -> ts.truncatedTo(ChronoUnit.HOURS);
            case D1 -> ts.atZone(zone).truncatedTo(ChronoUnit.DAYS).toInstant();
        };
    }

    static final class Expected {
        BigDecimal open;
        BigDecimal high;
        BigDecimal low;
        BigDecimal close;
        Instant openTs;
        Instant closeTs;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal pvSum = BigDecimal.ZERO;
        long count;

        dev.marketfn.contracts.BarValues toBarValues() {
            return new dev.marketfn.contracts.BarValues(norm(open), norm(high), norm(low), norm(close), norm(volume),
                    norm(pvSum.divide(volume, 10, RoundingMode.HALF_UP)), count);
        }

        static BigDecimal norm(BigDecimal v) {
            if (v == null) {
                return null;
            }
            BigDecimal s = v.stripTrailingZeros();
            return s.scale() < 0 ? s.setScale(0) : s;
        }
    }
}
