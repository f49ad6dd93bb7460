package dev.marketfn.alphacall;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.Decimals;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RecordValidation;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.news.BarNews;
import dev.marketfn.news.NewsFeatures;
import dev.marketfn.news.Sentiment;
import dev.marketfn.rules.AlphaEngine;
import dev.marketfn.rules.CircuitBreaker;
import dev.marketfn.rules.Ensemble;
import dev.marketfn.rules.Identifiers;
import dev.marketfn.rules.ModelOutcome;
import dev.marketfn.rules.RuleSet;
import dev.marketfn.rules.RuleState;
import dev.marketfn.rules.RulesFileWatch;
import dev.marketfn.rules.RulesHolder;
import dev.marketfn.rules.RulesLoadException;
import dev.marketfn.rules.RulesLoader;
import dev.marketfn.rules.Scorer;
import dev.marketfn.rules.SignalIds;
import dev.marketfn.runtime.BatchEventHandler;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.NewsRepository;
import dev.marketfn.store.SignalRepository;
import dev.marketfn.store.StateCache;
import dev.marketfn.store.StateRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * indicator.computed → alpha.call: evaluates the rules (with each series' prev/cross history kept in PostgreSQL),
 * votes (optionally with a model behind a circuit breaker), and stores the call under its deterministic signal_id.
 * With {@code marketfn.rules.file} set, a changed file is picked up without a restart (the last good rules stay in
 * force when it is broken).
 */
@ApplicationScoped
@Startup // built at start, so a broken rules or model file fails start-up rather than every event
public class AlphaCallHandlers implements FunctionHandlers {
    public static final String NAME = "alpha-call";
    private static final Logger LOG = Logger.getLogger(AlphaCallHandlers.class);

    /** Canonical symbols (docs/contract/payloads.md): upper-case letters and digits, parts joined by '.' (BRK.B) or '-' (BTC-USDT). */
    static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]+(?:[.-][A-Z0-9]+)*");
    static final int MAX_SYMBOL = 64;
    /** Provider names as the normalize function writes them (alpaca, polygon, …). */
    static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** The envelope of indicator.computed, as a concrete type for exact binding. */
    public record IndicatorBatch(@JsonProperty("records") List<IndicatorComputed> records) {
    }

    private final AlphaEngine engine;
    private final RulesFileWatch rulesWatch;
    private final StateRepository states;
    /** Rule histories decoded once and reused while their rows hold the same text (StateCache). */
    private final StateCache<RuleState> ruleStates;
    private final SignalRepository signals;
    private final NewsRepository news;
    /** The model reads a news feature: every run needs the news then, whatever the rules read. */
    private final boolean modelReadsNews;
    private final MeterRegistry registry;
    private final String adapter;
    /**
     * {@code inference_eval_duration_seconds} buckets: the rules evaluate in microseconds, a model call takes up to its
     * budget (20 ms) and a timed-out one longer.
     */
    static final Duration[] EVAL_BUCKETS = {Duration.ofNanos(10_000), Duration.ofNanos(50_000),
            Duration.ofNanos(100_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(1)};
    /** Per adapter ({@code rules} or the model's name), built once: evaluation runs for every bar. */
    private final Map<String, Timer> evalTimers = new ConcurrentHashMap<>();

    public AlphaCallHandlers(StateRepository states, SignalRepository signals, NewsRepository news,
            MeterRegistry registry, ScorerSource scorers,
            @ConfigProperty(name = "marketfn.rules.file") Optional<String> rulesFile,
            @ConfigProperty(name = "marketfn.rules.reload-interval", defaultValue = "10s") Duration reloadInterval,
            @ConfigProperty(name = "marketfn.model.weight", defaultValue = "0.5") double modelWeight,
            @ConfigProperty(name = "marketfn.model.budget", defaultValue = "20ms") Duration modelBudget,
            @ConfigProperty(name = "marketfn.model.breaker.failures", defaultValue = "3") int breakerFailures,
            @ConfigProperty(name = "marketfn.model.breaker.cool-down", defaultValue = "30s") Duration coolDown,
            @ConfigProperty(name = "marketfn.state-cache.entries") int cacheEntries) {
        this.states = states;
        this.ruleStates = StateCache.json(cacheEntries,
                json -> Json.read(json.getBytes(StandardCharsets.UTF_8), RuleState.class, "state"));
        this.signals = signals;
        this.news = news;
        this.registry = registry;
        // A broken rules file or model file stops start-up with its position and reason; the shipped rules apply when
        // no file is given.
        RulesHolder rules;
        Optional<String> file = rulesFile.filter(f -> !f.isBlank()).map(String::strip);
        if (file.isPresent()) {
            rulesWatch = RulesFileWatch.start(Path.of(file.get()), reloadInterval);
            rules = rulesWatch.holder();
            LOG.infof("rules: %d from %s, checked for changes every %s", rules.current().rules().size(), file.get(),
                    reloadInterval);
        } else {
            rulesWatch = null;
            rules = new RulesHolder(RulesLoader.defaults());
            LOG.infof("rules: %d shipped defaults (set marketfn.rules.file to use your own)",
                    rules.current().rules().size());
        }
        Optional<Scorer> scorer = scorers.load();
        modelReadsNews = scorer.map(m -> m.features().stream().anyMatch(Identifiers.NEWS::contains)).orElse(false);
        Ensemble ensemble;
        if (scorer.isPresent()) {
            AlphaCall.Model model = scorer.get().model();
            CircuitBreaker breaker = new CircuitBreaker(breakerFailures, modelBudget, coolDown);
            ensemble = Ensemble.withModel(scorer.get(), modelWeight, breaker, this::observed);
            adapter = "rules+" + model.name();
            Gauge.builder("model_circuit_breaker_state", breaker, b -> b.state().ordinal())
                    .description("0 closed (model used), 1 open (rules only), 2 half-open (one trial call)")
                    .tag("model", model.name()).tag("version", model.version()).strongReference(true)
                    .register(registry);
            LOG.infof("model: %s %s blended with weight %s; breaker opens after %d failures (exception, invalid p, "
                    + "slower than %s), cool-down %s", model.name(), model.version(), modelWeight, breakerFailures,
                    modelBudget, coolDown);
        } else {
            ensemble = Ensemble.rulesOnly();
            adapter = "rules";
        }
        this.engine = new AlphaEngine(rules, ensemble);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.INDICATOR_COMPUTED, (BatchEventHandler) this::alphaCall);
    }

    /**
     * A run of indicator.computed events (one from the HTTP door, a partition's consecutive ones from the Kafka door)
     * in one transaction: every series they touch is locked at once (in key order, so replicas never deadlock), the
     * bars are evaluated in order with the state carried in memory from one to the next, and the new calls are stored
     * with one statement. The result is the same as handling the events one by one.
     */
    Uni<List<BatchEventHandler.Outcome>> alphaCall(List<InEvent> events) {
        reloadRulesIfChanged();
        RuleSet rules = engine.rules(); // one rule set for the whole run, whatever a concurrent reload does
        BatchEventHandler.Outcome[] outcomes = new BatchEventHandler.Outcome[events.size()];
        List<List<IndicatorComputed>> records = new ArrayList<>(events.size());
        Set<String> keys = new TreeSet<>();
        Set<String> signalIds = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            List<IndicatorComputed> batch = null;
            try {
                batch = readBatch(events.get(i));
                for (IndicatorComputed r : batch) {
                    keys.add(RuleState.seriesKey(r));
                    signalIds.add(SignalIds.of(r));
                }
            } catch (InvalidInputException e) {
                outcomes[i] = BatchEventHandler.Outcome.invalid(e);
            }
            records.add(batch);
        }
        if (keys.isEmpty()) {
            for (int i = 0; i < events.size(); i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = BatchEventHandler.Outcome.of(Reply.none());
                }
            }
            return Uni.createFrom().item(Arrays.asList(outcomes));
        }
        return states.updateAll("rules", keys, ruleStates, (conn, saved) -> newsOf(conn, rules, records)
                .chain(barNews -> signals.findAll(conn, signalIds).chain(stored -> {
            Map<String, RuleState> series = new HashMap<>(saved);
            // signal_id → the call as stored, or as made earlier in this run
            Map<String, AlphaCall> known = new HashMap<>(stored);
            List<AlphaCall> made = new ArrayList<>();
            List<List<AlphaCall>> calls = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                List<AlphaCall> eventCalls = new ArrayList<>();
                calls.add(eventCalls);
                if (outcomes[i] != null) {
                    continue;
                }
                for (IndicatorComputed record : records.get(i)) {
                    IndicatorComputed evaluated = barNews == null ? record : barNews.withFeatures(record);
                    eventCalls.add(evaluate(rules, evaluated, events.get(i), series, known, made));
                }
            }
            return signals.insertAllIfAbsent(conn, made).map(asStored -> {
                countEmitted(made, asStored);
                Map<String, AlphaCall> byId = new HashMap<>();
                asStored.forEach(c -> byId.put(c.signalId(), c));
                // only the series this run moved (evaluate puts a new state for each bar it takes)
                Map<String, RuleState> changed = new HashMap<>();
                series.forEach((key, state) -> {
                    if (state != saved.get(key)) {
                        changed.put(key, state);
                    }
                });
                List<BatchEventHandler.Outcome> out = new ArrayList<>(events.size());
                for (int i = 0; i < events.size(); i++) {
                    out.add(outcomes[i] != null ? outcomes[i] : BatchEventHandler.Outcome.of(reply(events.get(i),
                            calls.get(i).stream().map(c -> byId.getOrDefault(c.signalId(), c)).toList())));
                }
                return new StateRepository.UpdatedStates<>(changed, out);
            });
        })));
    }

    /**
     * The news features of the run's bars when the rules or the model read one, else null (no query): one read of the
     * scores of every symbol of the run, over a day before its earliest bar end to its latest, in the run's
     * transaction (docs/news.md, "News features in rules").
     */
    private Uni<BarNews> newsOf(SqlClient conn, RuleSet rules, List<List<IndicatorComputed>> records) {
        if (!modelReadsNews && !rules.reads(Identifiers.NEWS)) {
            return Uni.createFrom().nullItem();
        }
        List<IndicatorComputed> bars = new ArrayList<>();
        Set<String> symbols = new HashSet<>();
        for (List<IndicatorComputed> batch : records) {
            if (batch != null) {
                bars.addAll(batch);
                batch.forEach(r -> symbols.add(r.symbol()));
            }
        }
        BarNews.Span span = BarNews.span(bars);
        return news.scores(conn, symbols, Sentiment.MODEL, Sentiment.VERSION, span.from(), span.to()).map(stored -> {
            Map<String, List<NewsFeatures.Scored>> bySymbol = new HashMap<>();
            stored.forEach((symbol, scores) -> bySymbol.put(symbol, scores.stream()
                    .map(s -> new NewsFeatures.Scored(s.publishedTs(), s.score())).toList()));
            return new BarNews(bySymbol);
        });
    }

    /** The records of one event, each checked; the reason the event can never succeed otherwise. */
    private static List<IndicatorComputed> readBatch(InEvent event) {
        IndicatorBatch batch = event.bind(IndicatorBatch.class);
        if (batch.records() == null) {
            throw InvalidInputException.missing("records");
        }
        for (int i = 0; i < batch.records().size(); i++) {
            validate(batch.records().get(i), "records[" + i + "]");
        }
        return batch.records();
    }

    /**
     * The fields a call is keyed on. provider, symbol and interval make the series key and the signal_id
     * ({@code provider|symbol|interval|ts}), so they must be canonical: a symbol such as {@code AAPL|1m} could
     * otherwise collide with another series, and text such as {@code AAPL'; DROP TABLE signals;--} is not a symbol
     * (it is rejected, and kept verbatim with the raw event in rejected_events; SQL is always parameterised anyway).
     */
    static void validate(IndicatorComputed r, String path) {
        if (r == null || r.symbol() == null || r.interval() == null || r.ts() == null || r.bar() == null
                || r.indicators() == null || r.provider() == null) {
            throw new InvalidInputException(RejectReason.MISSING_FIELD, path,
                    "provider, symbol, interval, ts, bar and indicators are required");
        }
        if (!PROVIDER.matcher(r.provider()).matches()) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, path + ".provider",
                    "'" + shorten(r.provider()) + "' is not a provider name (lower-case letters, digits, '_', '-')");
        }
        if (r.symbol().length() > MAX_SYMBOL || !SYMBOL.matcher(r.symbol()).matches()) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, path + ".symbol",
                    "'" + shorten(r.symbol()) + "' is not a canonical symbol (upper-case letters and digits, parts "
                            + "joined by '.' or '-', at most " + MAX_SYMBOL + " characters)");
        }
        if (!RecordValidation.INTERVALS.contains(r.interval())) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, path + ".interval",
                    "'" + shorten(r.interval()) + "' is not one of " + new TreeSet<>(RecordValidation.INTERVALS));
        }
        // the same range as every other decimal of the pipeline (Decimals): the indicator never emits a bar beyond
        // it, and rules would otherwise compare a number such as 1e999999999 as an infinite double
        BarValues bar = r.bar();
        Decimals.requireInRange(bar.open(), path + ".bar.open");
        Decimals.requireInRange(bar.high(), path + ".bar.high");
        Decimals.requireInRange(bar.low(), path + ".bar.low");
        Decimals.requireInRange(bar.close(), path + ".bar.close");
        Decimals.requireInRange(bar.volume(), path + ".bar.volume");
        Decimals.requireInRange(bar.vwap(), path + ".bar.vwap");
    }

    /**
     * Input quoted in a rejection detail: at most 80 code points, control characters escaped. The detail is stored as
     * PostgreSQL text, which cannot hold U+0000: quoting it raw would turn a bad event into a failing insert (5xx) that
     * the broker retries forever.
     */
    static String shorten(String s) {
        StringBuilder out = new StringBuilder();
        int[] cps = s.codePoints().limit(81).toArray();
        for (int i = 0; i < Math.min(80, cps.length); i++) {
            int cp = cps[i];
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return cps.length > 80 ? out.append('…').toString() : out.toString();
    }

    /** Picks up an edited rules file (at most one stat per reload interval); a broken one is logged and ignored. */
    private void reloadRulesIfChanged() {
        if (rulesWatch == null) {
            return;
        }
        rulesWatch.poll().ifPresent(r -> {
            if (r.succeeded()) {
                LOG.infof("rules reloaded from %s: %d rules", rulesWatch.file(), r.rules().rules().size());
            } else {
                RulesLoadException e = r.error();
                errors("rules_reload_failed");
                LOG.errorf("rules file rejected, keeping the last good rules (%d from %s): file=%s line=%d column=%d "
                        + "reason=%s", r.rules().rules().size(), r.rules().source(), e.file(), e.line(), e.column(),
                        e.reason());
            }
        });
    }

    private Timer evalTimer(String adapter) {
        return evalTimers.computeIfAbsent(adapter, a -> Timer.builder("inference_eval_duration_seconds")
                .tag("adapter", a).serviceLevelObjectives(EVAL_BUCKETS).register(registry));
    }

    /** Every consultation of the model: its latency, and why it was not used when it was not. */
    private void observed(AlphaCall.Model model, ModelOutcome outcome, long elapsedNanos, Throwable error) {
        if (elapsedNanos >= 0) {
            evalTimer(model.name()).record(elapsedNanos, TimeUnit.NANOSECONDS);
        }
        switch (outcome) {
            case USED, WARMING_UP -> { }
            case CIRCUIT_OPEN -> errors("model_circuit_open");
            default -> {
                errors("model_" + outcome.reason());
                LOG.warnf("model %s %s not used (%s%s), rules alone for this call", model.name(), model.version(),
                        outcome.reason(), error == null ? "" : ": " + error);
            }
        }
    }

    private void errors(String reason) {
        Counter.builder("errors_total").tag("component", NAME).tag("reason", reason).register(registry).increment();
    }

    /**
     * One bar, with its series locked and {@code series} holding the states as of the bars before it. A bar that is not
     * newer than the series' last one (a redelivery, or bars of one series arriving out of order) is answered with the
     * call stored for it, unchanged, when there is one: its first evaluation, made with the series' history, is the
     * one kept and replied again (docs/reliability.md, finding 6). A late bar without a stored call is evaluated
     * without history, stored, and leaves the series state as it is (docs/rules.md).
     */
    private AlphaCall evaluate(RuleSet rules, IndicatorComputed record, InEvent event, Map<String, RuleState> series,
            Map<String, AlphaCall> known, List<AlphaCall> made) {
        String key = RuleState.seriesKey(record);
        RuleState previous = series.getOrDefault(key, RuleState.EMPTY);
        RuleState.Series last = previous.get(key);
        boolean seen = last != null && last.ts() != null && !record.ts().isAfter(last.ts());
        AlphaCall existing = seen ? known.get(SignalIds.of(record)) : null;
        if (existing != null) {
            Counter.builder("signals_redelivered_total").tag("name", existing.action().name()).register(registry)
                    .increment();
            return existing;
        }
        Timer.Sample sample = Timer.start(registry);
        AlphaEngine.Result result = engine.process(rules, record, previous);
        sample.stop(evalTimer("rules"));
        if (result.outOfOrder()) {
            Counter.builder("signals_out_of_order_total").register(registry).increment();
            // logged, not debug: upstream keeps a series in bar order, so this points at a delivery problem
            LOG.infof("late bar %s %s (series at %s) in event %s (lane %s): evaluated without history", key,
                    record.ts(), last.ts(), event.id(), event.lane());
        }
        series.put(key, result.state().only(key));
        AlphaCall call = result.call();
        AlphaCall storedBefore = known.get(call.signalId());
        if (storedBefore != null) {
            return storedBefore; // a series state older than its stored calls (restored from a backup): the call stands
        }
        made.add(call);
        known.put(call.signalId(), call);
        return call;
    }

    /** Counts the calls this run stored (a call already stored under its signal_id was made before, not now). */
    private void countEmitted(List<AlphaCall> made, List<AlphaCall> asStored) {
        for (int i = 0; i < made.size(); i++) {
            AlphaCall call = made.get(i);
            if (asStored.get(i) == call) {
                // adapter: what made this call, "rules" or "rules+<model>" (the model voted)
                Counter.builder("signals_emitted_total").tag("name", call.action().name())
                        .tag("adapter", call.model() == null ? "rules" : adapter).register(registry).increment();
            }
        }
    }

    /**
     * One event per symbol and action, in the calls' order of first appearance, so that every event's {@code subject},
     * {@code symbol}, {@code partitionkey} and {@code action} are true of every record in it and a Trigger filtering
     * on them misses nothing (docs/contract/events.md). The first group is the reply, the others go out as side events;
     * ids derive from the input id (and, after the first, the symbol and action), so a redelivered input repeats
     * them.
     */
    private static Reply reply(InEvent event, List<AlphaCall> calls) {
        if (calls.isEmpty()) {
            return Reply.none();
        }
        Map<String, List<AlphaCall>> groups = new LinkedHashMap<>();
        for (AlphaCall call : calls) {
            groups.computeIfAbsent(call.symbol() + "|" + call.action().extensionValue(), k -> new ArrayList<>()).add(call);
        }
        List<OutEvent> events = new ArrayList<>(groups.size());
        for (Map.Entry<String, List<AlphaCall>> group : groups.entrySet()) {
            AlphaCall first = group.getValue().get(0);
            String id = events.isEmpty() ? EventIds.derive(event.id(), NAME)
                    : EventIds.derive(event.id(), NAME + "#" + group.getKey());
            events.add(OutEvent.builder(NAME, EventTypes.ALPHA_CALL, id)
                    .extension("action", first.action().extensionValue())
                    .tracedFrom(event)
                    .symbol(first.symbol())
                    .data(Batch.of(group.getValue())));
        }
        return new Reply(events.get(0), List.copyOf(events.subList(1, events.size())));
    }
}
