package dev.marketfn.rules;

import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Test records: one daily bar of AAPL at day {@code day}, with the given indicator values (others warming up). */
final class Bars {
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    private Bars() {
    }

    static IndicatorComputed bar(int day, double close, Object... nameValue) {
        Map<String, Double> indicators = new HashMap<>();
        for (String name : Identifiers.INDICATORS) {
            indicators.put(name, null);
        }
        for (int i = 0; i < nameValue.length; i += 2) {
            Object v = nameValue[i + 1];
            indicators.put((String) nameValue[i], v == null ? null : ((Number) v).doubleValue());
        }
        BigDecimal c = BigDecimal.valueOf(close);
        return new IndicatorComputed("alpaca", "AAPL", "1d", T0.plusSeconds(86_400L * day),
                new BarValues(c, c.add(BigDecimal.ONE), c.subtract(BigDecimal.ONE), c, BigDecimal.valueOf(1000), c, 10),
                indicators);
    }
}
