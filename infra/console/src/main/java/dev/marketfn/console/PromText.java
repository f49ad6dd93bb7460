package dev.marketfn.console;

import java.util.HashMap;
import java.util.Map;

/**
 * Sums of Prometheus text-format samples by metric name, labels ignored ({@code a{x="1"} 2} and {@code a{x="2"} 3}
 * give {@code a = 5}), and the maximum per name: all the pipeline-health view needs of a function's
 * {@code /q/metrics} (docs/contract/observability.md). Comments, and samples whose value is not a number, are skipped.
 */
public final class PromText {
    private final Map<String, Double> sums = new HashMap<>();
    private final Map<String, Double> maxima = new HashMap<>();

    public static PromText parse(String text) {
        PromText p = new PromText();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int brace = l.indexOf('{');
            int close = l.lastIndexOf('}');
            int space = brace >= 0 && close > brace ? l.indexOf(' ', close) : l.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace >= 0 && brace < space ? l.substring(0, brace) : l.substring(0, space);
            String[] rest = l.substring(space + 1).strip().split("\\s+");
            double v;
            try {
                v = Double.parseDouble(rest[0]);
            } catch (NumberFormatException notANumber) {
                continue;
            }
            if (Double.isNaN(v)) {
                continue;
            }
            p.sums.merge(name, v, Double::sum);
            p.maxima.merge(name, v, Math::max);
        }
        return p;
    }

    /** The sum of every sample of {@code name}; null when there is none. */
    public Double sum(String name) {
        return sums.get(name);
    }

    public Double max(String name) {
        return maxima.get(name);
    }
}
