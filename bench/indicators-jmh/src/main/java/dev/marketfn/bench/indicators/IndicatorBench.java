package dev.marketfn.bench.indicators;

import dev.marketfn.indicators.BarInput;
import dev.marketfn.indicators.IndicatorEngine;
import java.time.Duration;
import java.time.Instant;
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
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.CCIIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.StochasticOscillatorDIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.WilliamsRIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.HighPriceIndicator;
import org.ta4j.core.indicators.helpers.HighestValueIndicator;
import org.ta4j.core.indicators.helpers.LowPriceIndicator;
import org.ta4j.core.indicators.helpers.LowestValueIndicator;
import org.ta4j.core.indicators.numeric.NumericIndicator;
import org.ta4j.core.indicators.numeric.UnaryOperationIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator;
import org.ta4j.core.indicators.volume.VWAPIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

/**
 * The full indicator set, bar by bar, on the same 5,000 bars: {@link IndicatorEngine} (all 25 outputs, returned as a
 * map) versus ta4j computing the same set incrementally (a growing BarSeries, each indicator's value at the new end
 * index; DoubleNum, ta4j's fastest arithmetic). ta4j has no skewness/kurtosis indicator, so it computes 23 of the 25
 * outputs: the comparison favours ta4j. Scores are bars per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IndicatorBench {
    static final int BARS = 5_000;

    List<BarInput> bars;

    @Setup
    public void setup() {
        bars = new ArrayList<>(BARS);
        SplittableRandom r = new SplittableRandom(20240101);
        double close = 100;
        for (int i = 0; i < BARS; i++) {
            double open = close;
            close = open * Math.exp(0.01 * (r.nextDouble() - 0.5));
            double high = Math.max(open, close) * (1 + 0.003 * r.nextDouble());
            double low = Math.min(open, close) * (1 - 0.003 * r.nextDouble());
            bars.add(new BarInput(open, high, low, close, 1_000 + r.nextInt(50_000)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BARS)
    public void engineFullSet(Blackhole bh) {
        IndicatorEngine engine = new IndicatorEngine();
        for (BarInput bar : bars) {
            bh.consume(engine.update(bar));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BARS)
    public void ta4jFullSet(Blackhole bh) {
        BarSeries series = new BaseBarSeriesBuilder().withName("bench").withNumFactory(DoubleNumFactory.getInstance())
                .build();
        List<Indicator<Num>> set = ta4jSet(series);
        Instant t = Instant.parse("2024-01-02T00:00:00Z");
        for (BarInput bar : bars) {
            t = t.plusSeconds(60);
            series.barBuilder().timePeriod(Duration.ofMinutes(1)).endTime(t).openPrice(bar.open())
                    .highPrice(bar.high()).lowPrice(bar.low()).closePrice(bar.close()).volume(bar.volume()).add();
            int end = series.getEndIndex();
            for (Indicator<Num> indicator : set) {
                bh.consume(indicator.getValue(end));
            }
        }
    }

    static List<Indicator<Num>> ta4jSet(BarSeries series) {
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        SMAIndicator sma = new SMAIndicator(close, 20);
        MACDIndicator macd = new MACDIndicator(close, 12, 26);
        BollingerBandsMiddleIndicator middle = new BollingerBandsMiddleIndicator(sma);
        StandardDeviationIndicator sd = new StandardDeviationIndicator(close, 20);
        StochasticOscillatorKIndicator k = new StochasticOscillatorKIndicator(series, 14);
        NumericIndicator logReturn = NumericIndicator.of(
                UnaryOperationIndicator.log(NumericIndicator.closePrice(series).dividedBy(NumericIndicator
                        .closePrice(series).previous())));
        HighestValueIndicator hh = new HighestValueIndicator(new HighPriceIndicator(series), 50);
        LowestValueIndicator ll = new LowestValueIndicator(new LowPriceIndicator(series), 50);
        NumericIndicator range = NumericIndicator.of(hh).minus(ll);
        return List.of(sma, new EMAIndicator(close, 20), new RSIIndicator(close, 14), macd, macd.getSignalLine(9),
                macd.getHistogram(9), middle, new BollingerBandsUpperIndicator(middle, sd),
                new BollingerBandsLowerIndicator(middle, sd), new ATRIndicator(series, 14), k,
                new StochasticOscillatorDIndicator(k), new VWAPIndicator(series, 20),
                NumericIndicator.closePrice(series).dividedBy(NumericIndicator.closePrice(series).previous()).minus(1),
                new StandardDeviationIndicator(logReturn, 20),
                NumericIndicator.closePrice(series).minus(NumericIndicator.closePrice(series).previous(10)),
                new WilliamsRIndicator(series, 14), new CCIIndicator(series, 20), new OnBalanceVolumeIndicator(series),
                NumericIndicator.of(hh).minus(range.multipliedBy(0.236)),
                NumericIndicator.of(hh).minus(range.multipliedBy(0.382)),
                NumericIndicator.of(hh).minus(range.multipliedBy(0.5)),
                NumericIndicator.of(hh).minus(range.multipliedBy(0.618)));
    }
}
