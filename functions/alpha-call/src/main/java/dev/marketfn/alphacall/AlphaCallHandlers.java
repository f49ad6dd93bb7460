package dev.marketfn.alphacall;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.rules.AlphaEngine;
import dev.marketfn.rules.Ensemble;
import dev.marketfn.rules.RuleState;
import dev.marketfn.rules.RulesHolder;
import dev.marketfn.rules.RulesLoader;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.runtime.InEvent;
import dev.marketfn.runtime.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.SignalRepository;
import dev.marketfn.store.StateRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * indicator.computed → alpha.call: evaluates the rules (with each series' prev/cross history kept in PostgreSQL),
 * votes, and stores the call under its deterministic signal_id.
 */
@ApplicationScoped
public class AlphaCallHandlers implements FunctionHandlers {
    public static final String NAME = "alpha-call";

    /** The envelope of indicator.computed, as a concrete type for exact binding. */
    public record IndicatorBatch(@JsonProperty("records") List<IndicatorComputed> records) {
    }

    private final AlphaEngine engine;
    private final StateRepository states;
    private final SignalRepository signals;
    private final MeterRegistry registry;

    public AlphaCallHandlers(StateRepository states, SignalRepository signals, MeterRegistry registry,
            @ConfigProperty(name = "marketfn.rules.file") Optional<String> rulesFile) {
        this.states = states;
        this.signals = signals;
        this.registry = registry;
        // A broken rules file stops start-up with file:line:column; the shipped defaults apply when none is given.
        this.engine = new AlphaEngine(new RulesHolder(rulesFile.map(f -> RulesLoader.load(Path.of(f)))
                .orElseGet(RulesLoader::defaults)), Ensemble.rulesOnly());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.INDICATOR_COMPUTED, this::alphaCall);
    }

    Uni<Reply> alphaCall(InEvent event) {
        IndicatorBatch batch = Json.bind(event.json(), IndicatorBatch.class, "data");
        if (batch.records() == null) {
            throw InvalidInputException.missing("records");
        }
        for (int i = 0; i < batch.records().size(); i++) {
            IndicatorComputed r = batch.records().get(i);
            if (r == null || r.symbol() == null || r.interval() == null || r.ts() == null || r.bar() == null
                    || r.indicators() == null) {
                throw new InvalidInputException(RejectReason.MISSING_FIELD, "records[" + i + "]",
                        "symbol, interval, ts, bar and indicators are required");
            }
        }
        List<AlphaCall> calls = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (IndicatorComputed record : batch.records()) {
            chain = chain.chain(() -> evaluate(record).invoke(calls::add).replaceWithVoid());
        }
        return chain.map(v -> reply(event, calls));
    }

    /** One bar: rules evaluated under the series lock, so concurrent replicas see prev values in bar order. */
    private Uni<AlphaCall> evaluate(IndicatorComputed record) {
        String key = RuleState.seriesKey(record);
        return states.update("rules", key, (conn, json) -> {
            RuleState previous = json == null ? RuleState.EMPTY
                    : Json.bind(Json.tree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), RuleState.class, "state");
            Timer.Sample sample = Timer.start(registry);
            AlphaEngine.Result result = engine.process(record, previous);
            sample.stop(Timer.builder("inference_eval_duration_seconds").tag("adapter", "rules").register(registry));
            Counter.builder("signals_emitted_total").tag("name", result.call().action().name()).tag("adapter", "rules")
                    .register(registry).increment();
            return signals.upsert(conn, List.of(result.call())).replaceWith(new StateRepository.Updated<>(
                    new String(Json.bytes(result.state().only(key))), result.call()));
        });
    }

    private static Reply reply(InEvent event, List<AlphaCall> calls) {
        if (calls.isEmpty()) {
            return Reply.none();
        }
        return Reply.of(OutEvent.builder(NAME, EventTypes.ALPHA_CALL, EventIds.derive(event.id(), NAME))
                .extension("action", strongest(calls).extensionValue())
                .extension("traceparent", event.extension("traceparent"))
                .symbols(calls.stream().map(AlphaCall::symbol).toList())
                .data(Batch.of(calls)));
    }

    /** The event-level {@code action} extension a Trigger filters on: the most decisive call of the batch. */
    private static AlphaCall.Action strongest(List<AlphaCall> calls) {
        AlphaCall best = calls.get(0);
        for (AlphaCall c : calls) {
            if (rank(c.action()) > rank(best.action())) {
                best = c;
            }
        }
        return best.action();
    }

    private static int rank(AlphaCall.Action a) {
        return switch (a) {
            case BUY, SELL -> 2;
            case HOLD -> 1;
            case NO_ACTION -> 0;
        };
    }
}
