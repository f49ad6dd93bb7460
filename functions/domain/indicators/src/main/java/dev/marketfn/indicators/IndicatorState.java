package dev.marketfn.indicators;

/**
 * The complete state of one {@link IndicatorEngine}: plain records of doubles, longs and double arrays that
 * round-trip exactly through JSON ({@code dev.marketfn.contracts.Json.MAPPER}), so a function that scaled to zero
 * resumes with bit-identical results. {@code version} guards the layout.
 */
public record IndicatorState(
        int version,
        long bars,
        Sma.State sma,
        Ema.State ema,
        Rsi.State rsi,
        Macd.State macd,
        BollingerBands.State bollinger,
        Atr.State atr,
        Stochastic.State stochastic, // %K, %D and %R
        RollingVwap.State vwap,
        Return1.State ret,
        LogReturnMoments.State logReturns,
        Momentum.State momentum,
        Cci.State cci,
        Obv.State obv,
        FibonacciLevels.State fibonacci) {

    public static final int VERSION = 1;
}
