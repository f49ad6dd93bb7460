package dev.marketfn.backtest;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import dev.marketfn.rules.AlphaEngine;
import dev.marketfn.rules.CircuitBreaker;
import dev.marketfn.rules.Ensemble;
import dev.marketfn.rules.RuleSet;
import dev.marketfn.rules.RuleState;
import dev.marketfn.rules.RulesHolder;
import dev.marketfn.rules.Scorer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays stored indicator records through the alpha-call engine ({@link AlphaEngine}, {@link Ensemble}: the same
 * code, not a second implementation) into one {@link OrderSimulator} per symbol, and reports the portfolio (the sum
 * of the symbols' equity, each starting with the initial cash) against buy-and-hold. Deterministic: the model's
 * breaker runs on a frozen clock (a backtest must not depend on how fast the machine is), series are replayed in
 * symbol order, and the snapshot id is a SHA-256 of every input.
 */
public final class Backtest {
    private Backtest() {
    }

    /** What a run is given besides the records: the bytes of the rules and model files and the read's as-of. */
    public record Inputs(byte[] rulesFile, byte[] modelFile, Instant asOf, double periodsPerYear) {
    }

    public record Report(String snapshotId, Instant asOf, Metrics strategy, Metrics buyAndHold,
            List<OrderSimulator.EquityPoint> equity, List<OrderSimulator.EquityPoint> benchmark, List<Fill> fills,
            Map<String, Map<String, Long>> actions, long bars) {
    }

    public static Report run(RuleSet rules, Scorer model, double modelWeight, SimulatorSettings settings, Inputs inputs,
            Map<String, List<IndicatorComputed>> series) {
        Ensemble ensemble = model == null ? Ensemble.rulesOnly()
                : Ensemble.withModel(model, modelWeight, new CircuitBreaker(3, Duration.ofDays(1), Duration.ofSeconds(30),
                        () -> 0L));
        AlphaEngine engine = new AlphaEngine(new RulesHolder(rules), ensemble);
        Map<String, List<IndicatorComputed>> ordered = new TreeMap<>(series);
        List<OrderSimulator> sims = new ArrayList<>();
        List<OrderSimulator> benchmarks = new ArrayList<>();
        Map<String, Map<String, Long>> actions = new TreeMap<>();
        long bars = 0;
        for (Map.Entry<String, List<IndicatorComputed>> e : ordered.entrySet()) {
            OrderSimulator sim = new OrderSimulator(e.getKey(), settings);
            List<BuyAndHold.Bar> ohlc = new ArrayList<>();
            RuleState state = RuleState.EMPTY;
            Map<String, Long> counts = new TreeMap<>();
            for (IndicatorComputed r : e.getValue()) {
                AlphaEngine.Result result = engine.process(r, state);
                state = result.state();
                AlphaCall call = result.call();
                counts.merge(call.action().name(), 1L, Long::sum);
                sim.onBar(r.ts(), r.bar().open(), r.bar().close(), call.action());
                ohlc.add(new BuyAndHold.Bar(r.ts(), r.bar().open(), r.bar().close()));
                bars++;
            }
            actions.put(e.getKey(), counts);
            sims.add(sim);
            benchmarks.add(BuyAndHold.run(e.getKey(), settings, ohlc));
        }
        BigDecimal initial = settings.initialCash().multiply(BigDecimal.valueOf(Math.max(1, sims.size())));
        List<OrderSimulator.EquityPoint> equity = portfolio(sims, settings.initialCash());
        List<OrderSimulator.EquityPoint> benchmark = portfolio(benchmarks, settings.initialCash());
        List<Fill> fills = new ArrayList<>();
        sims.forEach(s -> fills.addAll(s.fills()));
        List<Fill> benchFills = new ArrayList<>();
        benchmarks.forEach(s -> benchFills.addAll(s.fills()));
        return new Report(snapshotId(rules, inputs, settings, modelWeight, ordered), inputs.asOf(),
                Metrics.of(initial, equity, fills, inputs.periodsPerYear()),
                Metrics.of(initial, benchmark, benchFills, inputs.periodsPerYear()), equity, benchmark, fills, actions,
                bars);
    }

    /** Sum of the symbols' equity at every bar time any symbol has; a symbol between its bars counts its last value. */
    static List<OrderSimulator.EquityPoint> portfolio(List<OrderSimulator> sims, BigDecimal initialCash) {
        // equity() copies the curve: taken once per simulator, not once per bar time (that was quadratic in bars)
        List<List<OrderSimulator.EquityPoint>> curves = sims.stream().map(OrderSimulator::equity).toList();
        TreeSet<Instant> times = new TreeSet<>();
        curves.forEach(curve -> curve.forEach(p -> times.add(p.ts())));
        List<OrderSimulator.EquityPoint> out = new ArrayList<>();
        int[] at = new int[sims.size()];
        BigDecimal[] last = new BigDecimal[sims.size()];
        long[] pos = new long[sims.size()];
        java.util.Arrays.fill(last, initialCash);
        for (Instant t : times) {
            BigDecimal sum = BigDecimal.ZERO;
            long exposure = 0;
            for (int i = 0; i < sims.size(); i++) {
                List<OrderSimulator.EquityPoint> curve = curves.get(i);
                while (at[i] < curve.size() && !curve.get(at[i]).ts().isAfter(t)) {
                    last[i] = curve.get(at[i]).equity();
                    pos[i] = curve.get(at[i]).position();
                    at[i]++;
                }
                sum = sum.add(last[i]);
                exposure += Math.abs(pos[i]);
            }
            out.add(new OrderSimulator.EquityPoint(t, sum, exposure));
        }
        return out;
    }

    static String snapshotId(RuleSet rules, Inputs inputs, SimulatorSettings settings, double modelWeight,
            Map<String, List<IndicatorComputed>> series) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("as_of", inputs.asOf() == null ? null : inputs.asOf().toString());
            head.put("settings", settings.toString());
            head.put("model_weight", modelWeight);
            head.put("periods_per_year", inputs.periodsPerYear());
            sha.update(Json.MAPPER.writeValueAsBytes(head));
            sha.update(inputs.rulesFile() == null ? rules.source().getBytes(StandardCharsets.UTF_8) : inputs.rulesFile());
            if (inputs.modelFile() != null) {
                sha.update(inputs.modelFile());
            }
            for (Map.Entry<String, List<IndicatorComputed>> e : series.entrySet()) {
                for (IndicatorComputed r : e.getValue()) {
                    sha.update(Json.MAPPER.writeValueAsBytes(r));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
