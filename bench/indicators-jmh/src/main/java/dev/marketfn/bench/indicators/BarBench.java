package dev.marketfn.bench.indicators;

import dev.marketfn.bars.BarAccumulator;
import dev.marketfn.bars.BarAggregator;
import dev.marketfn.contracts.ExchangeZones;
import dev.marketfn.bars.TradeTick;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Ticks into bar windows, no database: 100,000 trades of 4 symbols (exact decimals, ~300 µs apart, up to 200 ms of
 * disorder, 5% ineligible), through {@link BarAggregator} into all five intervals (1s, 1m, 5m, 1h, 1d) with
 * watermark closing and dedup, and through a bare {@link BarAccumulator} fold. Scores are ticks per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BarBench {
    static final int TICKS = 100_000;
    static final String[] SYMBOLS = {"AAPL", "MSFT", "SPY", "BRK.B"};

    TradeTick[] ticks;
    String[] symbols;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(7);
        Instant t0 = Instant.parse("2024-07-15T13:30:00Z");
        List<Object[]> rows = new ArrayList<>(TICKS);
        long[] cents = {18_500, 41_000, 55_000, 40_100};
        for (int i = 0; i < TICKS; i++) {
            int s = r.nextInt(SYMBOLS.length);
            cents[s] = Math.max(1, cents[s] + r.nextInt(-2, 3));
            long micros = i * 300L + r.nextLong(200_000); // bounded disorder, well inside 500 ms lateness
            Instant ts = t0.plus(micros, ChronoUnit.MICROS);
            boolean eligible = r.nextInt(20) != 0;
            rows.add(new Object[] {SYMBOLS[s], new TradeTick("alpaca|" + SYMBOLS[s] + "|" + ts + "|" + i, ts, i,
                    BigDecimal.valueOf(cents[s], 2), BigDecimal.valueOf(eligible ? 100 + r.nextInt(900) : 1 + r.nextInt(99)),
                    eligible)});
        }
        ticks = new TradeTick[TICKS];
        symbols = new String[TICKS];
        for (int i = 0; i < TICKS; i++) {
            symbols[i] = (String) rows.get(i)[0];
            ticks[i] = (TradeTick) rows.get(i)[1];
        }
    }

    @Benchmark
    @OperationsPerInvocation(TICKS)
    public void aggregatorAllIntervals(Blackhole bh) {
        BarAggregator agg = new BarAggregator();
        for (int i = 0; i < TICKS; i++) {
            bh.consume(agg.accept("alpaca", symbols[i], ExchangeZones.NEW_YORK, ticks[i]));
            if ((i & 4095) == 0) {
                agg.evictClosedThrough(ticks[i].ts().minusSeconds(3600)); // keep memory bounded as a service would
            }
        }
        bh.consume(agg.flushAll());
    }

    @Benchmark
    @OperationsPerInvocation(TICKS)
    public void accumulatorFold(Blackhole bh) {
        BarAccumulator acc = BarAccumulator.EMPTY;
        for (TradeTick t : ticks) {
            acc = acc.add(t);
        }
        bh.consume(acc);
    }
}
