package dev.marketfn.backtest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * The report's numbers from an equity curve and its fills. Per-bar simple returns r_i = E_i / E_{i−1} − 1;
 * Sharpe = mean(r) / sd(r) · √periodsPerYear (sample sd, no risk-free rate), Sortino the same over the downside
 * deviation √(Σ min(r, 0)² / n); CAGR = (E_n / E_0)^(1 / years) − 1 with years from the first to the last bar (365.25
 * days); max drawdown = the largest fall from a running peak, as a fraction of the peak; hit rate = the share of
 * closing fills that made money against the average entry price; turnover = traded notional / mean equity; exposure =
 * the share of bars with a position.
 */
public record Metrics(BigDecimal pnl, double totalReturn, double cagr, double sharpe, double sortino, double maxDrawdown,
        double hitRate, double turnover, double exposure, int trades) {

    public static Metrics of(BigDecimal initialCash, List<OrderSimulator.EquityPoint> curve, List<Fill> fills,
            double periodsPerYear) {
        if (curve.isEmpty()) {
            return new Metrics(BigDecimal.ZERO, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        double[] e = curve.stream().mapToDouble(p -> p.equity().doubleValue()).toArray();
        BigDecimal pnl = curve.getLast().equity().subtract(initialCash);
        double start = initialCash.doubleValue();
        int n = e.length;
        double[] r = new double[n];
        double prev = start;
        for (int i = 0; i < n; i++) {
            r[i] = prev == 0 ? 0 : e[i] / prev - 1;
            prev = e[i];
        }
        double mean = 0;
        for (double x : r) {
            mean += x;
        }
        mean /= n;
        double var = 0;
        double down = 0;
        for (double x : r) {
            var += (x - mean) * (x - mean);
            down += Math.min(x, 0) * Math.min(x, 0);
        }
        double sd = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
        double dd = Math.sqrt(down / n);
        double annual = Math.sqrt(periodsPerYear);
        double totalReturn = e[n - 1] / start - 1;
        double years = Duration.between(curve.getFirst().ts(), curve.getLast().ts()).toMillis() / (365.25 * 86_400_000);
        double cagr = years > 0 && e[n - 1] > 0 ? Math.pow(e[n - 1] / start, 1 / years) - 1 : 0;
        double peak = start;
        double maxDd = 0;
        long exposed = 0;
        double equitySum = 0;
        for (int i = 0; i < n; i++) {
            peak = Math.max(peak, e[i]);
            maxDd = Math.max(maxDd, peak > 0 ? (peak - e[i]) / peak : 0);
            exposed += curve.get(i).position() != 0 ? 1 : 0;
            equitySum += e[i];
        }
        double notional = 0;
        for (Fill f : fills) {
            notional += Math.abs(f.quantity()) * f.price().doubleValue();
        }
        return new Metrics(pnl, totalReturn, cagr, sd > 0 ? mean / sd * annual : 0, dd > 0 ? mean / dd * annual : 0,
                maxDd, hitRate(fills), notional / (equitySum / n), (double) exposed / n, fills.size());
    }

    /** Closing fills (those that reduce a position) that gained against the position's average entry price. */
    static double hitRate(List<Fill> fills) {
        long position = 0;
        double avg = 0;
        int closes = 0;
        int wins = 0;
        for (Fill f : fills) {
            long q = f.quantity();
            double p = f.price().doubleValue();
            if (position != 0 && Long.signum(q) != Long.signum(position)) {
                closes++;
                if ((p - avg) * Long.signum(position) > 0) {
                    wins++;
                }
                long remaining = position + q;
                if (Long.signum(remaining) != Long.signum(position) && remaining != 0) {
                    avg = p;
                }
                position = remaining;
            } else {
                avg = position + q == 0 ? 0 : (avg * position + p * q) / (position + q);
                position += q;
            }
        }
        return closes == 0 ? 0 : (double) wins / closes;
    }
}
