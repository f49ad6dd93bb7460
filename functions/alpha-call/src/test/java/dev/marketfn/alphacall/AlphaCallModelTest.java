package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import dev.marketfn.rules.AlphaEngine;
import dev.marketfn.rules.CircuitBreaker;
import dev.marketfn.rules.Ensemble;
import dev.marketfn.rules.LogisticScorer;
import dev.marketfn.rules.RuleState;
import dev.marketfn.rules.RulesHolder;
import dev.marketfn.rules.RulesLoader;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The model wiring: the test profile configures the shipped sample ({@code classpath:models/logit-v1.json}, weight
 * 0.5, breaker: 2 failures, 250 ms budget, 3 s cool-down); {@link FaultyScorerSource} injects faults.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class AlphaCallModelTest {
    private static final Duration COOL_DOWN = Duration.ofSeconds(3);

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @AfterEach
    void healthyModel() {
        FaultyScorerSource.mode = FaultyScorerSource.Mode.NONE;
    }

    private static AlphaCall expected(String record, Ensemble ensemble) throws Exception {
        IndicatorComputed r = Json.MAPPER.readValue(record.getBytes(StandardCharsets.UTF_8), IndicatorComputed.class);
        return new AlphaEngine(new RulesHolder(RulesLoader.defaults()), ensemble).process(r, RuleState.EMPTY).call();
    }

    /** Equal trees, numbers compared as doubles (bit for bit), everything else exactly. */
    static void assertSameCall(JsonNode actual, JsonNode expected) {
        java.util.Comparator<JsonNode> byValue = (a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;
        assertThat(actual.equals(byValue, expected)).as("%s%nexpected%n%s", actual, expected).isTrue();
    }

    private static JsonNode tree(AlphaCall call) throws Exception {
        return Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(call));
    }

    private Row signalRow(String signalId) {
        return pool.preparedQuery("SELECT model->>'name', model->>'version', score, confidence, action, "
                + "rationale::text, (SELECT count(*) FROM signals WHERE signal_id = $1) FROM signals WHERE signal_id = $1")
                .execute(Tuple.of(signalId)).await().indefinitely().iterator().next();
    }

    @Test
    void modelIsBlendedDeterministicallyAndNamedInReplyAndTable() throws Exception {
        String record = Events.record("MDL", "2024-03-01T14:30:00.000000Z", 25.0, 0.1, 0.2);
        JsonNode call = Events.call("mdl-1", record);

        LogisticScorer shipped = LogisticScorer.loadResource("models/logit-v1.json");
        AlphaCall withModel = expected(record, Ensemble.withModel(shipped, 0.5,
                new CircuitBreaker(2, Duration.ofSeconds(1), COOL_DOWN)));
        AlphaCall rulesOnly = expected(record, Ensemble.rulesOnly());
        // The function's call is exactly the one the engine computes with the shipped model (numbers compared by
        // value: 10 and 10.0 are the same JSON number).
        assertSameCall(call, tree(withModel));
        assertThat(call.get("model").get("name").asText()).isEqualTo("mean_reversion_lr");
        assertThat(call.get("model").get("version").asText()).isEqualTo("1.0.0");
        assertThat(Events.rules(call)).containsExactly("rsi_oversold", "model:mean_reversion_lr");
        assertThat(call.get("score").doubleValue()).isNotEqualTo(rulesOnly.score()).isEqualTo(withModel.score());
        assertThat(Events.fallback(call)).isNull();

        Row row = signalRow(call.get("signal_id").asText());
        assertThat(row.getString(0)).isEqualTo("mean_reversion_lr");
        assertThat(row.getString(1)).isEqualTo("1.0.0");
        assertThat(row.getDouble(2)).isEqualTo(withModel.score());
        assertThat(row.getDouble(3)).isEqualTo(withModel.confidence());
        assertThat(row.getString(4)).isEqualTo(withModel.action().name());

        // A redelivery (same bar, another event id) gives the same call and no second row.
        JsonNode again = Events.call("mdl-1-redelivered", record);
        assertSameCall(again, call);
        assertThat(signalRow(call.get("signal_id").asText()).getLong(6)).isEqualTo(1);
    }

    @Test
    void failingOrSlowModelFallsBackToRulesAndTheBreakerOpensThenRecovers() throws Exception {
        int bar = 0;
        // Model throws: two failures (rules alone, reason given), then the breaker is open.
        FaultyScorerSource.mode = FaultyScorerSource.Mode.THROW;
        int before = FaultyScorerSource.CALLS.get();
        JsonNode failed = callAt(bar++);
        assertThat(failed.get("model").isNull()).isTrue();
        assertThat(Events.fallback(failed)).isEqualTo("error");
        AlphaCall rulesOnly = expected(Events.record("FLT", ts(0), 25.0, 0.1, 0.2), Ensemble.rulesOnly());
        assertThat(failed.get("score").doubleValue()).isEqualTo(rulesOnly.score());
        assertThat(failed.get("action").asText()).isEqualTo(rulesOnly.action().name());
        assertThat(Events.fallback(callAt(bar++))).isEqualTo("error");
        assertThat(FaultyScorerSource.CALLS.get() - before).isEqualTo(2);
        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.OPEN.ordinal());

        // Open: even a healthy model is not asked until the cool-down has passed.
        FaultyScorerSource.mode = FaultyScorerSource.Mode.NONE;
        JsonNode skipped = callAt(bar++);
        assertThat(Events.fallback(skipped)).isEqualTo("circuit_open");
        assertThat(FaultyScorerSource.CALLS.get() - before).isEqualTo(2);
        Row stored = signalRow(skipped.get("signal_id").asText());
        assertThat(stored.getString(0)).isNull(); // signals.model is NULL for a rules-only call
        assertThat(stored.getString(5)).contains("\"fallback\": true").contains("circuit_open");

        // Half-open after the cool-down: the trial succeeds and the model is back.
        Thread.sleep(COOL_DOWN.toMillis() + 200);
        JsonNode recovered = callAt(bar++);
        assertThat(recovered.get("model").get("name").asText()).isEqualTo("mean_reversion_lr");
        assertThat(Events.fallback(recovered)).isNull();
        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.CLOSED.ordinal());

        // Slower than the 250 ms budget: the late answer is not used, and two of them open the breaker.
        FaultyScorerSource.mode = FaultyScorerSource.Mode.SLOW;
        assertThat(Events.fallback(callAt(bar++))).isEqualTo("slow");
        assertThat(Events.fallback(callAt(bar++))).isEqualTo("slow");
        assertThat(breakerState()).isEqualTo(CircuitBreaker.State.OPEN.ordinal());
        assertThat(Events.fallback(callAt(bar++))).isEqualTo("circuit_open");

        // NaN on the half-open trial re-opens it at once.
        FaultyScorerSource.mode = FaultyScorerSource.Mode.NAN;
        Thread.sleep(COOL_DOWN.toMillis() + 200);
        assertThat(Events.fallback(callAt(bar++))).isEqualTo("invalid_output");
        assertThat(Events.fallback(callAt(bar++))).isEqualTo("circuit_open");

        FaultyScorerSource.mode = FaultyScorerSource.Mode.NONE;
        Thread.sleep(COOL_DOWN.toMillis() + 200);
        assertThat(callAt(bar++).get("model").get("version").asText()).isEqualTo("1.0.0");

        assertThat(errors("model_error")).isGreaterThanOrEqualTo(2);
        assertThat(errors("model_slow")).isGreaterThanOrEqualTo(2);
        assertThat(errors("model_invalid_output")).isGreaterThanOrEqualTo(1);
        assertThat(errors("model_circuit_open")).isGreaterThanOrEqualTo(3);
    }

    private static String ts(int bar) {
        return "2024-03-04T14:%02d:00.000000Z".formatted(bar);
    }

    private static JsonNode callAt(int bar) {
        return Events.call("flt-" + bar, Events.record("FLT", ts(bar), 25.0, 0.1, 0.2));
    }

    private double breakerState() {
        return registry.get("model_circuit_breaker_state").tag("model", "mean_reversion_lr").gauge().value();
    }

    private double errors(String reason) {
        var c = registry.find("errors_total").tag("component", "alpha-call").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }
}
