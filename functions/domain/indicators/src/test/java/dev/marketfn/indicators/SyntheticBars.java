package dev.marketfn.indicators;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A fixed-seed geometric random walk with intrabar highs/lows and integer volumes. */
final class SyntheticBars {
    private SyntheticBars() {
    }

    static List<BarInput> walk(long seed, int count, double start) {
        SplittableRandom random = new SplittableRandom(seed);
        List<BarInput> bars = new ArrayList<>(count);
        double close = start;
        for (int t = 0; t < count; t++) {
            double open = close;
            close = open * Math.exp(0.01 * gaussian(random));
            double high = Math.max(open, close) * (1 + 0.004 * random.nextDouble());
            double low = Math.min(open, close) * (1 - 0.004 * random.nextDouble());
            double volume = 1000 + random.nextInt(100_000);
            bars.add(new BarInput(open, high, low, close, volume));
        }
        return bars;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    static BarInput scaled(BarInput b, double priceFactor, double volumeFactor) {
        return new BarInput(b.open() * priceFactor, b.high() * priceFactor, b.low() * priceFactor,
                b.close() * priceFactor, b.volume() * volumeFactor);
    }
}
