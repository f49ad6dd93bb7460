package dev.marketfn.quality;

/**
 * How a trade is judged against its reference.
 *
 * <ul>
 * <li>{@link Method#SEC_BANDS}: distance from the last eligible trade price beyond the SEC "clearly erroneous"
 *     numerical guidelines: 10 % for a reference up to $25, 5 % above $25 up to $50, 3 % above $50.</li>
 * <li>{@link Method#ROBUST_MAD}: |p − median| &gt; k · 1.4826 · MAD over the last {@code window} eligible prices
 *     (1.4826 scales MAD to σ for normal data). Fewer than {@code minSamples} prices: SEC bands against the last
 *     price instead, so a fresh series is still protected from fat fingers.</li>
 * </ul>
 *
 * @param madFloorBps a floor on the MAD scale in basis points of the median, so a perfectly flat window
 *                    (MAD = 0) does not turn every tick into an outlier
 */
public record OutlierRule(Method method, double k, int minSamples, int window, double madFloorBps) {
    public enum Method { SEC_BANDS, ROBUST_MAD }

    public OutlierRule {
        if (method == Method.ROBUST_MAD && (k <= 0 || minSamples < 3 || window < minSamples)) {
            throw new IllegalArgumentException("robust MAD needs k > 0 and 3 <= minSamples <= window");
        }
    }

    public static OutlierRule secBands() {
        return new OutlierRule(Method.SEC_BANDS, 0, 0, 0, 0);
    }

    public static OutlierRule robustMad(double k, int minSamples, int window) {
        return new OutlierRule(Method.ROBUST_MAD, k, minSamples, window, 1.0);
    }

    /** The SEC clearly-erroneous band (a fraction) for a reference price. */
    public static double secBand(double reference) {
        if (reference <= 25.0) {
            return 0.10;
        }
        return reference <= 50.0 ? 0.05 : 0.03;
    }

    /** How many recent prices the state keeps for this rule (none for bands). */
    int windowSize() {
        return method == Method.ROBUST_MAD ? window : 0;
    }
}
