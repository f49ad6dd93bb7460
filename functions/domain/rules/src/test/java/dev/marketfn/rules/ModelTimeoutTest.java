package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** A scorer that stopped waiting for its model ({@link ModelTimeoutException}) is a slow call: rules alone, a breaker failure. */
class ModelTimeoutTest {
    @Test
    void timeoutIsSlowAndOpensTheBreaker() {
        Scorer timingOut = new Scorer() {
            @Override
            public AlphaCall.Model model() {
                return new AlphaCall.Model("remote", "1");
            }

            @Override
            public List<String> features() {
                return List.of("rsi_14");
            }

            @Override
            public OptionalDouble probability(IndicatorComputed record) {
                throw new ModelTimeoutException("no answer within 20ms");
            }
        };
        List<ModelOutcome> seen = new ArrayList<>();
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(1), Duration.ofMinutes(1));
        Ensemble ensemble = Ensemble.withModel(timingOut, 0.5, breaker, (m, outcome, nanos, e) -> seen.add(outcome));
        RuleSet rules = RulesLoader.parse("- {name: always, condition: \"close > 0\", signal: 1, score: 1}\n", "t.yaml");
        AlphaEngine engine = new AlphaEngine(new RulesHolder(rules), ensemble);
        AlphaCall first = engine.process(Bars.bar(0, 100, "rsi_14", 40), RuleState.EMPTY).call();
        engine.process(Bars.bar(1, 100, "rsi_14", 40), RuleState.EMPTY);
        AlphaCall third = engine.process(Bars.bar(2, 100, "rsi_14", 40), RuleState.EMPTY).call();
        assertThat(seen).containsExactly(ModelOutcome.SLOW, ModelOutcome.SLOW, ModelOutcome.CIRCUIT_OPEN);
        assertThat(first.model()).isNull();
        assertThat(first.action()).isEqualTo(AlphaCall.Action.BUY);
        assertThat(first.rationale().get(1).values()).containsEntry("reason", "slow");
        assertThat(third.rationale().get(1).values()).containsEntry("reason", "circuit_open");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
