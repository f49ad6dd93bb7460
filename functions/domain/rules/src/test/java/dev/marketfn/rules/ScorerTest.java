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
            assertThat(fallbackReason(c)).isEqualTo("error");
            assertThat(c.score()).isEqualTo(1.0); // rules only
            assertThat(c.action()).isEqualTo(Action.BUY);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(fallbackReason(e.decide(RULES, OVERSOLD, ev))).isEqualTo("circuit_open");
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
    void slowCallsAndInvalidOutputCountAsFailuresAndAreNotUsed() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofMillis(50), Duration.ofSeconds(10), now::get);
        Ensemble slow = Ensemble.withModel(scorer(r -> {
            now.addAndGet(Duration.ofMillis(80).toNanos());
            return OptionalDouble.of(0.7);
        }), 1.0, breaker);
        Evaluation ev = RuleEngine.evaluate(RULES, OVERSOLD, RuleState.EMPTY);
        AlphaCall late = slow.decide(RULES, OVERSOLD, ev);
        assertThat(late.model()).isNull(); // answered, but over budget: discarded
        assertThat(late.score()).isEqualTo(1.0);
        assertThat(fallbackReason(late)).isEqualTo("slow");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        slow.decide(RULES, OVERSOLD, ev);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(fallbackReason(slow.decide(RULES, OVERSOLD, ev))).isEqualTo("circuit_open");

        CircuitBreaker b2 = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(10), now::get);
        Ensemble nan = Ensemble.withModel(scorer(r -> OptionalDouble.of(Double.NaN)), 1.0, b2);
        AlphaCall c = nan.decide(RULES, OVERSOLD, ev);
        assertThat(c.model()).isNull();
        assertThat(fallbackReason(c)).isEqualTo("invalid_output");
        assertThat(b2.state()).isEqualTo(CircuitBreaker.State.OPEN);

        CircuitBreaker b3 = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(10), now::get);
        Ensemble one = Ensemble.withModel(scorer(r -> OptionalDouble.of(1.0)), 1.0, b3);
        assertThat(fallbackReason(one.decide(RULES, OVERSOLD, ev))).isEqualTo("invalid_output"); // p must be < 1
    }

    @Test
    void fallbackIsShownInTheRationaleWithoutChangingTheCall() {
        Evaluation ev = RuleEngine.evaluate(RULES, OVERSOLD, RuleState.EMPTY);
        AlphaCall rulesOnly = Ensemble.rulesOnly().decide(RULES, OVERSOLD, ev);
        Ensemble failing = Ensemble.withModel(scorer(r -> {
            throw new IllegalStateException("boom");
        }), 0.7, new CircuitBreaker(5, Duration.ofSeconds(1), Duration.ofSeconds(10)));
        AlphaCall c = failing.decide(RULES, OVERSOLD, ev);
        assertThat(c.model()).isNull();
        assertThat(c.action()).isEqualTo(rulesOnly.action());
        assertThat(c.score()).isEqualTo(rulesOnly.score());
        assertThat(c.confidence()).isEqualTo(rulesOnly.confidence());
        AlphaCall.Rationale last = c.rationale().getLast();
        assertThat(last.rule()).isEqualTo("model:fixed");
        assertThat(last.weight()).isZero();
        assertThat(last.vote()).isZero();
        assertThat(last.values()).containsEntry("fallback", true).containsEntry("reason", "error")
                .containsEntry("version", "7");
        assertThat(c.rationale().subList(0, c.rationale().size() - 1)).isEqualTo(rulesOnly.rationale());
    }

    @Test
    void warmingUpInputIsNoVoteButNoFailure() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(10), now::get);
        LogisticScorer m = model("""
                {"name": "lr", "version": "3", "features": ["rsi_14", "ret_1"], "intercept": 0, "coefficients": [1, 1]}
                """);
        Ensemble e = Ensemble.withModel(m, 1.0, breaker);
        IndicatorComputed warming = Bars.bar(0, 100, "rsi_14", 20); // ret_1 still null
        AlphaCall c = e.decide(RULES, warming, RuleEngine.evaluate(RULES, warming, RuleState.EMPTY));
        assertThat(c.model()).isNull();
        assertThat(fallbackReason(c)).isEqualTo("warming_up");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void observerSeesEveryConsultation() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofMillis(50), Duration.ofSeconds(10), now::get);
        boolean[] fail = {false};
        List<String> seen = new java.util.ArrayList<>();
        Ensemble e = Ensemble.withModel(scorer(r -> {
            now.addAndGet(Duration.ofMillis(5).toNanos());
            if (fail[0]) {
                throw new IllegalStateException("boom");
            }
            return OptionalDouble.of(0.6);
        }), 1.0, breaker, (model, outcome, nanos, error) -> seen.add(model.name() + ":" + outcome + ":" + nanos
                + ":" + (error == null ? "-" : error.getMessage())));
        Evaluation ev = RuleEngine.evaluate(RULES, OVERSOLD, RuleState.EMPTY);
        e.decide(RULES, OVERSOLD, ev);
        fail[0] = true;
        e.decide(RULES, OVERSOLD, ev);
        e.decide(RULES, OVERSOLD, ev);
        IndicatorComputed neutral = Bars.bar(0, 100, "rsi_14", 50);
        e.decide(RULES, neutral, RuleEngine.evaluate(RULES, neutral, RuleState.EMPTY)); // nothing fired: not asked
        assertThat(seen).containsExactly("fixed:USED:5000000:-", "fixed:ERROR:5000000:boom", "fixed:CIRCUIT_OPEN:-1:-");
    }

    @Test
    void anErrorNeverLeavesTheBreakerHalfOpenForever() {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofSeconds(1), Duration.ofSeconds(5), now::get);
        boolean[] overflow = {true};
        Ensemble e = Ensemble.withModel(scorer(r -> {
            if (overflow[0]) {
                throw new StackOverflowError();
            }
            return OptionalDouble.of(0.6);
        }), 1.0, breaker);
        Evaluation ev = RuleEngine.evaluate(RULES, OVERSOLD, RuleState.EMPTY);
        assertThat(fallbackReason(e.decide(RULES, OVERSOLD, ev))).isEqualTo("error");
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(fallbackReason(e.decide(RULES, OVERSOLD, ev))).isEqualTo("error"); // the half-open trial failed
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        overflow[0] = false;
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(e.decide(RULES, OVERSOLD, ev).model()).isNotNull();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void blendingIsDeterministicAndChangesTheScore() {
        LogisticScorer m = model(DefaultRulesTest.SAMPLE_MODEL);
        IndicatorComputed r = Bars.bar(0, 100, "rsi_14", 20, "ret_1", -0.02, "vol_20", 0.01, "stoch_k_14", 10,
                "cci_20", -150);
        Evaluation ev = RuleEngine.evaluate(RULES, r, RuleState.EMPTY);
        double z = -0.4 * (20 - 50) / 10.0 + 0.15 * (-0.02 / 0.015) - 0.1 * ((0.01 - 0.015) / 0.008)
                - 0.2 * ((10 - 50) / 28.0) - 0.15 * (-150 / 100.0);
        double p = 1 / (1 + Math.exp(-z));
        AlphaCall first = null;
        for (int i = 0; i < 5; i++) {
            AlphaCall c = Ensemble.withModel(m, 0.5,
                    new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(30))).decide(RULES, r, ev);
            if (first == null) {
                first = c;
            }
            assertThat(c).isEqualTo(first); // same bar, same model: the very same call, bit for bit
        }
        assertThat(first.model()).isEqualTo(new AlphaCall.Model("mean_reversion_lr", "1.0.0"));
        // rules: vote 1, weight 0.5; model: vote 2p − 1, weight 0.5
        assertThat(first.score()).isCloseTo((1 * 0.5 + (2 * p - 1) * 0.5) / 1.0, within(1e-12));
        assertThat(first.score()).isNotEqualTo(Ensemble.rulesOnly().decide(RULES, r, ev).score());
        assertThat(first.confidence()).isCloseTo(1 - 0.5 * 0.5, within(1e-12)); // both vote up: agreement 1
    }

    @Test
    void modelFilesAreStrict() {
        String base = "\"name\":\"x\",\"version\":\"1\",\"features\":[\"rsi_14\"],\"intercept\":0,\"coefficients\":[1]";
        assertThat(model("{" + base + ",\"format\":\"marketfn.logistic.v1\",\"description\":\"d\","
                + "\"metadata\":{\"trained\":true}}").model()).isEqualTo(new AlphaCall.Model("x", "1"));
        assertThatThrownBy(() -> model("{" + base + ",\"means\":[0],\"stds\":[1]}"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("unknown key 'means'");
        assertThatThrownBy(() -> model("{" + base + ",\"format\":\"onnx\"}")).hasMessageContaining("'format'");
        assertThatThrownBy(() -> model("{" + base + ",\"coefficients\":[2]}")).hasMessageContaining("not JSON")
                .hasMessageContaining("coefficients");
        assertThatThrownBy(() -> model("{" + base.replace("\"name\":\"x\"", "\"name\":\"x\\u0000\"") + "}"))
                .hasMessageContaining("'name' must match");
        assertThatThrownBy(() -> model("{" + base.replace("\"version\":\"1\"", "\"version\":\"1 beta\"") + "}"))
                .hasMessageContaining("'version' must match");
        assertThatThrownBy(() -> model("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> model("")).hasMessageContaining("must be a JSON object");
    }

    @Test
    void modelFileFromDiskAndClasspathNamesItsSource(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path f = dir.resolve("m.json");
        java.nio.file.Files.writeString(f, DefaultRulesTest.SAMPLE_MODEL);
        assertThat(LogisticScorer.load(f).model().version()).isEqualTo("1.0.0");
        java.nio.file.Files.writeString(f, "{\"name\": 1}");
        assertThatThrownBy(() -> LogisticScorer.load(f)).hasMessageStartingWith(f + ": ");
        assertThatThrownBy(() -> LogisticScorer.load(dir.resolve("none.json"))).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> LogisticScorer.loadResource("no/such/model.json"))
                .hasMessageContaining("classpath:no/such/model.json: resource not found");
    }

    private static String fallbackReason(AlphaCall c) {
        AlphaCall.Rationale last = c.rationale().getLast();
        assertThat(last.rule()).startsWith("model:");
        assertThat(last.weight()).isZero();
        assertThat(last.values()).containsEntry("fallback", true);
        return (String) last.values().get("reason");
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
