package dev.marketfn.indicators;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * All indicators of docs/contract/indicators.md for one series (provider, symbol, interval). Feed closed bars in order with
 * {@link #update}; each call is O(1) in the length of the history. Not thread-safe: one engine per series.
 */
public final class IndicatorEngine {

    /** Every published name, in the stable order of {@link #update}'s map. */
    public static final List<String> NAMES = List.of(
            "sma_20", "ema_20", "rsi_14",
            "macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9",
            "bb_middle_20_2", "bb_upper_20_2", "bb_lower_20_2",
            "atr_14", "stoch_k_14", "stoch_d_14_3", "vwap_20", "ret_1", "vol_20", "mom_10",
            "skew_20", "kurt_20", "willr_14", "cci_20", "obv",
            "fib_236_50", "fib_382_50", "fib_500_50", "fib_618_50");

    private long bars;
    private final Sma sma;
    private final Ema ema;
    private final Rsi rsi;
    private final Macd macd;
    private final BollingerBands bollinger;
    private final Atr atr;
    private final Stochastic stochastic;
    private final RollingVwap vwap;
    private final Return1 ret;
    private final LogReturnMoments logReturns;
    private final Momentum momentum;
    private final Cci cci;
    private final Obv obv;
    private final FibonacciLevels fibonacci;
    private final List<Indicator<?>> all;

    public IndicatorEngine() {
        this(0, new Sma(20), new Ema(20), new Rsi(14), new Macd(12, 26, 9), new BollingerBands(20, 2.0), new Atr(14),
                new Stochastic(14, 3), new RollingVwap(20), new Return1(), new LogReturnMoments(20), new Momentum(10),
                new Cci(20), new Obv(), new FibonacciLevels(50));
    }

    private IndicatorEngine(long bars, Sma sma, Ema ema, Rsi rsi, Macd macd, BollingerBands bollinger, Atr atr,
            Stochastic stochastic, RollingVwap vwap, Return1 ret, LogReturnMoments logReturns, Momentum momentum,
            Cci cci, Obv obv, FibonacciLevels fibonacci) {
        this.bars = bars;
        this.sma = sma;
        this.ema = ema;
        this.rsi = rsi;
        this.macd = macd;
        this.bollinger = bollinger;
        this.atr = atr;
        this.stochastic = stochastic;
        this.vwap = vwap;
        this.ret = ret;
        this.logReturns = logReturns;
        this.momentum = momentum;
        this.cci = cci;
        this.obv = obv;
        this.fibonacci = fibonacci;
        this.all = List.of(sma, ema, rsi, macd, bollinger, atr, stochastic, vwap, ret, logReturns, momentum,
                cci, obv, fibonacci);
    }

    /**
     * Feeds the next closed bar and returns every indicator: an immutable map in {@link #NAMES} order, every name
     * present, null during warm-up.
     */
    public Map<String, Double> update(BarInput bar) {
        advance(bar);
        return current();
    }

    /** Feeds the next closed bar without building the map (see {@link #valuesInto}). */
    public void advance(BarInput bar) {
        // direct calls (not a loop over the interface): each one is monomorphic and inlined
        sma.update(bar);
        ema.update(bar);
        rsi.update(bar);
        macd.update(bar);
        bollinger.update(bar);
        atr.update(bar);
        stochastic.update(bar);
        vwap.update(bar);
        ret.update(bar);
        logReturns.update(bar);
        momentum.update(bar);
        cci.update(bar);
        obv.update(bar);
        fibonacci.update(bar);
        bars++;
    }

    /** The values after the last bar, without advancing (e.g. for a bar that had no eligible trade). */
    public Map<String, Double> current() {
        return new IndicatorValues(values());
    }

    /** Writes the current values into {@code out} in {@link #NAMES} order, NaN for warm-up; returns how many are set. */
    public int valuesInto(double[] out) {
        Double[] values = values();
        int ready = 0;
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? Double.NaN : values[i];
            ready += values[i] == null ? 0 : 1;
        }
        return ready;
    }

    private Double[] values() {
        return new Double[] {
            sma.value(), ema.value(), rsi.value(),
            macd.line(), macd.signal(), macd.histogram(),
            bollinger.middle(), bollinger.upper(), bollinger.lower(),
            atr.value(), stochastic.k(), stochastic.d(), vwap.value(), ret.value(), logReturns.volatility(),
            momentum.value(), logReturns.skewness(), logReturns.kurtosis(), stochastic.williamsR(), cci.value(), obv.value(),
            fibonacci.level(0.236), fibonacci.level(0.382), fibonacci.level(0.5), fibonacci.level(0.618)};
    }

    /** How many bars this series has seen. */
    public long bars() {
        return bars;
    }

    /**
     * Applies a corporate action to the history: for a 4:1 split {@code rescale(0.25, 4)}. Every price-denominated
     * value (closes, highs, lows, typical prices, averages, seeds) is multiplied by {@code priceFactor}, every volume
     * (and obv) by {@code volumeFactor}; ratios (returns, %K, RSI) are unchanged. Afterwards the engine is in the state
     * it would have reached on the adjusted history.
     */
    public void rescale(double priceFactor, double volumeFactor) {
        if (!(priceFactor > 0) || !Double.isFinite(priceFactor) || !(volumeFactor > 0) || !Double.isFinite(volumeFactor)) {
            throw new IllegalArgumentException("factors must be finite and > 0: " + priceFactor + ", " + volumeFactor);
        }
        for (Indicator<?> indicator : all) {
            indicator.rescale(priceFactor, volumeFactor);
        }
    }

    public IndicatorState snapshot() {
        return new IndicatorState(IndicatorState.VERSION, bars, sma.state(), ema.state(), rsi.state(), macd.state(),
                bollinger.state(), atr.state(), stochastic.state(), vwap.state(), ret.state(), logReturns.state(),
                momentum.state(), cci.state(), obv.state(), fibonacci.state());
    }

    public static IndicatorEngine restore(IndicatorState s) {
        if (s.version() != IndicatorState.VERSION) {
            throw new IllegalArgumentException("unsupported indicator state version " + s.version());
        }
        return new IndicatorEngine(s.bars(), Sma.restore(s.sma()), Ema.restore(s.ema()), Rsi.restore(s.rsi()),
                Macd.restore(s.macd()), BollingerBands.restore(s.bollinger()), Atr.restore(s.atr()),
                Stochastic.restore(s.stochastic()), RollingVwap.restore(s.vwap()), Return1.restore(s.ret()),
                LogReturnMoments.restore(s.logReturns()), Momentum.restore(s.momentum()),
                Cci.restore(s.cci()), Obv.restore(s.obv()),
                FibonacciLevels.restore(s.fibonacci()));
    }

    @Override
    public String toString() {
        return "IndicatorEngine{bars=" + bars + ", names=" + Arrays.toString(NAMES.toArray()) + "}";
    }
}
