package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.AlphaCall.Action;
import dev.marketfn.contracts.IndicatorComputed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private static final RuleSet RULES = RulesLoader.parse("""
            - {name: buy, condition: "rsi_14 < 30", signal: 1.0, score: 0.5}
            """, "r.yaml");
    private static final IndicatorComputed OVERSOLD = Bars.bar(0, 100, "rsi_14", 20, "ret_1", 0.01);

    private static LogisticScorer model(String json) {
        return LogisticScorer.parse(json.getBytes(StandardCharsets.UTF_8), "m.json");
    }

    @Test
    void logisticRegressionWithStandardization() {
        LogisticScorer m = model("""
                {"name": "lr", "version": "3", "features": ["rsi_14", "ret_1"], "intercept": 0.5,
                 "coefficients": [-0.4, 2.0], "mean": [50, 0], "std": [10, 0.01]}
                """);
        double z = 0.5 + -0.4 * ((20 - 50) / 10.0) + 2.0 * (0.01 / 0.01);
        assertThat(m.probability(OVERSOLD).getAsDouble()).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-12));
        assertThat(m.model()).isEqualTo(new AlphaCall.Model("lr", "3"));
        assertThat(m.probability(Bars.bar(0, 100, "rsi_14", 20))).isEmpty(); // ret_1 warming up
    }

    @Test
    void badModelFilesAreRejected() {
        assertThatThrownBy(() -> model("{\"name\":\"x\",\"version\":\"1\",\"features\":[\"rsi_99\"],\"intercept\":0,"
                + "\"coefficients\":[1]}")).isInstanceOf(ModelLoadException.class).hasMessageContaining("unknown feature");
        assertThatThrownBy(() -> model("{\"name\":\"x\",\"version\":\"1\",\"features\":[\"rsi_14\"],\"intercept\":0,"
                + "\"coefficients\":[1, 2]}")).hasMessageContaining("array of 1 numbers");
        assertThatThrownBy(() -> model("{\"name\":\"x\",\"features\":[\"rsi_14\"],\"intercept\":0,\"coefficients\":[1]}"))
                .hasMessageContaining("'version'");
        assertThatThrownBy(() -> model("{\"name\":\"x\",\"version\":\"1\",\"features\":[\"rsi_14\"],\"intercept\":0,"
                + "\"coefficients\":[1],\"mean\":[0],\"std\":[0]}")).hasMessageContaining("std[0] must be > 0");
        assertThatThrownBy(() -> model("{\"name\": ")).hasMessageContaining("not JSON");
    }

    @Test
    void modelIsBlendedAndNamedInTheCall() {
        Scorer fixed = scorer(r -> OptionalDouble.of(0.9));
        Ensemble e = Ensemble.withModel(fixed, 0.5, new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        AlphaCall c = e.decide(RULES, OVERSOLD, RuleEngine.evaluate(RULES, OVERSOLD, RuleState.EMPTY));
        // (1·0.5 + 0.8·0.5) / (0.5 + 0.5)
        assertThat(c.score()).isCloseTo(0.9, within(1e-12));
        assertThat(c.model()).isEqualTo(new AlphaCall.Model("fixed", "7"));
        assertThat(c.rationale()).extracting(AlphaCall.Rationale::rule).containsExactly("buy", "model:fixed");
        assertThat(c.rationale().get(1).vote()).isCloseTo(0.8, within(1e-12));
        assertThat(c.rationale().get(1).values()).containsEntry("rsi_14", 20.0).containsEntry("p", 0.9);
    }

    @Test
    void modelAloneNeverMakesACall() {
        Ensemble e = Ensemble.withModel(scorer(r -> OptionalDouble.of(0.99)), 1.0,
                new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        IndicatorComputed neutral = Bars.bar(0, 100, "rsi_14", 50);
        AlphaCall c = e.decide(RULES, neutral, RuleEngine.evaluate(RULES, neutral, RuleState.EMPTY));
        assertThat(c.action()).isEqualTo(Action.NO_ACTION);
        assertThat(c.model()).isNull();
    }

    @Test
    void failingModelOpensTheBreakerAndFallsBackToRules() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofMillis(50), Duration.ofSeconds(10), now::get);
        int[] calls = {0};
        boolean[] broken = {true};
        Ensemble e = Ensemble.withModel(scorer(r -> {
            calls[0]++;
            if (broken[0]) {
                throw new IllegalStateException("model server down");
            }
            return OptionalDouble.of(0.2);
        }), 1.0, breaker);
        Evaluation ev = RuleEngine.evaluate(RULES, OVERSOLD, RuleState.EMPTY);

        for (int i = 0; i < 2; i++) {
            AlphaCall c = e.decide(RULES, OVERSOLD, ev);
            assertThat(c.model()).isNull();
            assertThat(c.score()).isEqualTo(1.0); // rules only
            assertThat(c.action()).isEqualTo(Action.BUY);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        e.decide(RULES, OVERSOLD, ev);
        assertThat(calls[0]).isEqualTo(2); // open: the model is not called at all

        broken[0] = false;
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        AlphaCall recovered = e.decide(RULES, OVERSOLD, ev); // half-open trial succeeds
        assertThat(calls[0]).isEqualTo(3);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(recovered.model()).isNotNull();
        assertThat(recovered.score()).isCloseTo((0.5 - 0.6) / 1.5, within(1e-12));
    }

    @Test
    void slowCallsAndInvalidOutputCountAsFailures() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofMillis(50), Duration.ofSeconds(10), now::get);
        Ensemble slow = Ensemble.withModel(scorer(r -> {
            now.addAndGet(Duration.ofMillis(80).toNanos());
            return OptionalDouble.of(0.7);
        }), 1.0, breaker);
        Evaluation ev = RuleEngine.evaluate(RULES, OVERSOLD, RuleState.EMPTY);
        assertThat(slow.decide(RULES, OVERSOLD, ev).model()).isNotNull(); // answered, but late
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        slow.decide(RULES, OVERSOLD, ev);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(slow.decide(RULES, OVERSOLD, ev).model()).isNull();

        CircuitBreaker b2 = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(10), now::get);
        Ensemble nan = Ensemble.withModel(scorer(r -> OptionalDouble.of(Double.NaN)), 1.0, b2);
        assertThat(nan.decide(RULES, OVERSOLD, ev).model()).isNull();
        assertThat(b2.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void halfOpenFailureReopens() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker b = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(5), now::get);
        b.onFailure();
        assertThat(b.allow()).isFalse();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(b.allow()).isTrue();
        assertThat(b.allow()).isFalse(); // one trial at a time
        b.onFailure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.allow()).isFalse();
    }

    private static Scorer scorer(Function<IndicatorComputed, OptionalDouble> f) {
        return new Scorer() {
            @Override
            public AlphaCall.Model model() {
                return new AlphaCall.Model("fixed", "7");
            }

            @Override
            public List<String> features() {
                return List.of("rsi_14");
            }

            @Override
            public OptionalDouble probability(IndicatorComputed record) {
                return f.apply(record);
            }
        };
    }
}
