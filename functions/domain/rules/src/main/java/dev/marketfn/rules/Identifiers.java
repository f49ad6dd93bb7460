package dev.marketfn.rules;

import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * The names a condition may use: the indicator columns of docs/contract/indicators.md, the bar fields of
 * {@code indicator.computed} and the rolling news features (docs/news.md). A closed list, so a typo ({@code rsi_41})
 * fails at load instead of never firing.
 */
public final class Identifiers {
    /** Indicator names exactly as docs/contract/indicators.md publishes them. */
    public static final List<String> INDICATORS = List.of(
            "sma_20", "ema_20", "rsi_14",
            "macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9",
            "bb_middle_20_2", "bb_upper_20_2", "bb_lower_20_2",
            "atr_14", "stoch_k_14", "stoch_d_14_3", "vwap_20",
            "ret_1", "vol_20", "mom_10", "skew_20", "kurt_20",
            "willr_14", "cci_20", "obv",
            "fib_236_50", "fib_382_50", "fib_500_50", "fib_618_50");

    public static final List<String> BAR_FIELDS = List.of("open", "high", "low", "close", "volume", "vwap", "trade_count");

    /**
     * The rolling news features of docs/news.md ({@code NewsFeatures.NAMES} of the news domain, which alpha-call
     * checks is the same list). They are not in indicator.computed: alpha-call reads them from the store for the bars
     * of a run whose rules or model use one, and adds them to each record's indicators.
     */
    public static final List<String> NEWS = List.of("news_count_1h", "news_sentiment_1h", "news_count_1d",
            "news_sentiment_1d");

    private static final Set<String> ALL = union();

    private Identifiers() {
    }

    public static boolean isKnown(String name) {
        return ALL.contains(name);
    }

    /** The current value of a name in a record; {@code null} during warm-up or when the bar lacks the field. */
    public static Double value(IndicatorComputed record, String name) {
        BarValues bar = record.bar();
        return switch (name) {
            case "open" -> bar == null ? null : toDouble(bar.open());
            case "high" -> bar == null ? null : toDouble(bar.high());
            case "low" -> bar == null ? null : toDouble(bar.low());
            case "close" -> bar == null ? null : toDouble(bar.close());
            case "volume" -> bar == null ? null : toDouble(bar.volume());
            case "vwap" -> bar == null ? null : toDouble(bar.vwap());
            case "trade_count" -> bar == null ? null : (double) bar.tradeCount();
            default -> finite(record.indicators() == null ? null : record.indicators().get(name));
        };
    }

    /**
     * The values of {@code names} in the record, in that order: a model's input row. Null when one is missing
     * (warm-up), so a scorer or the training set skips the record rather than guessing.
     */
    public static double[] values(IndicatorComputed record, List<String> names) {
        double[] row = new double[names.size()];
        for (int i = 0; i < row.length; i++) {
            Double x = value(record, names.get(i));
            if (x == null) {
                return null;
            }
            row[i] = x;
        }
        return row;
    }

    private static Double toDouble(BigDecimal v) {
        return v == null ? null : finite(v.doubleValue());
    }

    /** A non-finite value cannot be compared meaningfully; it is treated like a missing one. */
    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    private static Set<String> union() {
        java.util.HashSet<String> all = new java.util.HashSet<>(INDICATORS);
        all.addAll(BAR_FIELDS);
        all.addAll(NEWS);
        return Set.copyOf(all);
    }
}
