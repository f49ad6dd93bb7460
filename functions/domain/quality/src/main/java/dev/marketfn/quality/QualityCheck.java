package dev.marketfn.quality;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.Quality;
import dev.marketfn.contracts.QualityAlert;
import dev.marketfn.contracts.QualityAlert.Severity;
import dev.marketfn.contracts.RecordValidation;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.contracts.Timestamps;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pure core of quality-check: validation, outliers, gaps, timeliness, cross-provider consistency and the score
 * of docs/contract/payloads.md, plus the timer-driven stale sweep. No I/O: the caller loads the {@link SeriesState}, persists the
 * returned one and stores/emits the alerts. See docs/quality.md for every rule and threshold.
 */
public final class QualityCheck {
    /** Alert type of a rejection other than a crossed quote: {@link QualityAlert#VALIDATION_FAILED}. */
    public static final String VALIDATION_FAILED = QualityAlert.VALIDATION_FAILED;

    public static final String FLAG_LOCKED_QUOTE = "locked_quote";
    public static final String FLAG_SEQ_GAP = "seq_gap";
    public static final String FLAG_OUT_OF_ORDER = "out_of_order";
    public static final String FLAG_MISSING_BARS = "missing_bars";
    public static final String FLAG_OUTLIER = "outlier";
    public static final String FLAG_LEVEL_SHIFT = "level_shift";
    public static final String FLAG_LATE = "late";
    public static final String FLAG_INCONSISTENT = "inconsistent_sources";

    /** 1.4826 · MAD estimates σ for normally distributed data. */
    static final double MAD_TO_SIGMA = 1.4826;
    /** Inter-arrival EWMA weight: follows a changing tick rate within ~10 ticks without jumping on one pause. */
    static final double INTERARRIVAL_ALPHA = 0.1;

    private QualityCheck() {
    }

    public static QualityResult check(CanonicalRecord r, SeriesState state, QualityConfig cfg, Instant now) {
        return check(r, state, cfg, now, List.of());
    }

    /**
     * Checks one record against its series state.
     *
     * @param state the persisted state of {@code SeriesState.keyOf(r)}, or null for a new series
     * @param peers recent prices of the same symbol from other providers (may be empty)
     */
    public static QualityResult check(CanonicalRecord r, SeriesState state, QualityConfig cfg, Instant now,
            Collection<PeerPrice> peers) {
        SeriesState s = state;
        if (s == null && identifiesSeries(r)) {
            s = SeriesState.initial(r);
        }
        if (s != null && identifiesSeries(r) && !s.key().equals(SeriesState.keyOf(r))) {
            throw new IllegalArgumentException("state " + s.key() + " does not belong to " + SeriesState.keyOf(r));
        }
        try {
            RecordValidation.validate(r);
            validateValues(r, cfg, now);
        } catch (InvalidInputException e) {
            String type = e instanceof CrossedQuoteException ? QualityAlert.CROSSED_QUOTE
                    : QualityAlert.VALIDATION_FAILED;
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("reason", e.reason());
            values.put("field", e.field());
            if (type.equals(QualityAlert.CROSSED_QUOTE)) {
                values.put("bid", r.bid());
                values.put("ask", r.ask());
            }
            QualityAlert alert = alert(r, type, Severity.HIGH, e.detail(), values);
            SeriesState next = s == null ? null : afterRejection(s, r, cfg, now);
            return new QualityResult.Rejected(e.reason(), e.field(), e.detail(), next, List.of(alert));
        }
        return accept(r, s, cfg, now, peers);
    }

    /**
     * Checks the records of one series from one input event, in the order given (the order the provider sent them,
     * as record-by-record processing would see them), threading the state: the result is exactly that of calling
     * {@link #check} once per record, with one state read and one state write for the whole batch.
     *
     * @param inputId the input event's id: a redelivery of the input that produced {@code stored} starts again from
     *                the state before it (see {@link SeriesCheckpoint})
     * @param records records that all belong to one series ({@link SeriesState#keyOf})
     * @param stored  the persisted checkpoint of the series, or null for a new series
     * @param peers   recent prices of the same instrument from other providers, as of the start of the batch
     */
    public static SeriesRun checkSeries(String inputId, List<CanonicalRecord> records, SeriesCheckpoint stored,
            QualityConfig cfg, Instant now, Collection<PeerPrice> peers) {
        SeriesState start = stored == null ? null : stored.startFor(inputId);
        SeriesState s = start;
        List<QualityResult> results = new ArrayList<>(records.size());
        for (CanonicalRecord r : records) {
            QualityResult result = check(r, s, cfg, now, peers);
            results.add(result);
            if (result.state() != null) {
                s = result.state();
            }
        }
        SeriesCheckpoint next = s == null ? stored : new SeriesCheckpoint(s, inputId, start);
        return new SeriesRun(results, next);
    }

    /** A crossed quote is rejected like any invalid value but alerts as CROSSED_QUOTE. */
    private static final class CrossedQuoteException extends InvalidInputException {
        CrossedQuoteException(String detail) {
            super(RejectReason.INVALID_VALUE, "bid", detail);
        }
    }

    static boolean identifiesSeries(CanonicalRecord r) {
        return r != null && r.provider() != null && r.symbol() != null && r.kind() != null
                && (r.kind() != Kind.BAR || r.interval() != null);
    }

    /** Semantic validation; BigDecimal cannot hold NaN or ∞, so "finite" holds by type once the record is bound. */
    private static void validateValues(CanonicalRecord r, QualityConfig cfg, Instant now) {
        switch (r.kind()) {
            case TRADE -> {
                RecordValidation.requirePositive(r.price(), "price");
                RecordValidation.requireNonNegative(r.size(), "size");
            }
            case QUOTE -> {
                RecordValidation.requirePositive(r.bid(), "bid");
                RecordValidation.requirePositive(r.ask(), "ask");
                RecordValidation.requireNonNegative(r.bidSize(), "bid_size");
                RecordValidation.requireNonNegative(r.askSize(), "ask_size");
                if (r.bid().compareTo(r.ask()) > 0) {
                    throw new CrossedQuoteException(
                            "crossed quote: bid " + r.bid().toPlainString() + " > ask " + r.ask().toPlainString());
                }
            }
            case BAR -> {
                RecordValidation.requirePositive(r.open(), "open");
                RecordValidation.requirePositive(r.high(), "high");
                RecordValidation.requirePositive(r.low(), "low");
                RecordValidation.requirePositive(r.close(), "close");
                RecordValidation.requirePositive(r.vwap(), "vwap");
                RecordValidation.requireNonNegative(r.volume(), "volume");
                if (r.tradeCount() != null && r.tradeCount() < 0) {
                    throw new InvalidInputException(RejectReason.OUT_OF_RANGE, "trade_count",
                            "must be >= 0, was " + r.tradeCount());
                }
                if (r.low().compareTo(r.high()) > 0) {
                    throw barInvariant("low", "low " + r.low().toPlainString() + " > high " + r.high().toPlainString());
                }
                // vwap is deliberately not bounded by [low, high]: odd lots count in vwap but not in OHLC (docs/contract/bars.md).
                requireWithin(r.open(), r, "open");
                requireWithin(r.close(), r, "close");
            }
        }
        if (r.ts().isAfter(now.plus(cfg.futureTolerance()))) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, "ts", Timestamps.format(r.ts())
                    + " is more than " + cfg.futureTolerance().toMillis() + " ms after now " + Timestamps.format(now));
        }
        Duration horizon = r.kind() == Kind.BAR ? cfg.barHorizon() : cfg.tickHorizon();
        if (horizon != null && r.ts().isBefore(now.minus(horizon))) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, "ts", Timestamps.format(r.ts())
                    + " is older than the " + horizon + " horizon for " + r.kind().wire() + " records");
        }
    }

    private static void requireWithin(BigDecimal v, CanonicalRecord r, String field) {
        if (v.compareTo(r.low()) < 0 || v.compareTo(r.high()) > 0) {
            throw barInvariant(field, field + " " + v.toPlainString() + " outside [low " + r.low().toPlainString()
                    + ", high " + r.high().toPlainString() + "]");
        }
    }

    private static InvalidInputException barInvariant(String field, String detail) {
        return new InvalidInputException(RejectReason.INVALID_VALUE, field, "bar invariant violated: " + detail);
    }

    private static SeriesState afterRejection(SeriesState s, CanonicalRecord r, QualityConfig cfg, Instant now) {
        if (r.eventId() != null && s.recentEventIds().contains(r.eventId())) {
            return s;
        }
        Draft d = new Draft(s);
        d.observeArrival(r, now, cfg, false);
        return d.build();
    }

    private static QualityResult accept(CanonicalRecord r, SeriesState s, QualityConfig cfg, Instant now,
            Collection<PeerPrice> peers) {
        boolean duplicate = s.recentEventIds().contains(r.eventId());
        Draft d = new Draft(s);
        List<String> flags = new ArrayList<>();
        List<QualityAlert> alerts = new ArrayList<>();
        double continuity = 1.0;
        double accuracy = 1.0;
        boolean pass = true;

        if (r.kind() == Kind.QUOTE && r.bid().compareTo(r.ask()) == 0) {
            flags.add(FLAG_LOCKED_QUOTE);
        }
        if (r.kind() != Kind.BAR && cfg.sequencedProviders().contains(r.provider()) && !duplicate) {
            if (s.lastSeq() != null && r.seq() > s.lastSeq() + 1) {
                long missing = r.seq() - s.lastSeq() - 1;
                flags.add(FLAG_SEQ_GAP);
                continuity = 0.0;
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("gap_type", "sequence");
                v.put("expected_seq", s.lastSeq() + 1);
                v.put("received_seq", r.seq());
                v.put("missing_count", missing);
                alerts.add(alert(r, QualityAlert.MISSING_DATA, Severity.MEDIUM,
                        missing + " message(s) missing before seq " + r.seq(), v));
            } else if (s.lastSeq() != null && r.seq() <= s.lastSeq()) {
                flags.add(FLAG_OUT_OF_ORDER);
            }
        }
        if (r.kind() == Kind.BAR && s.lastBarTs() != null && r.ts().isAfter(s.lastBarTs()) && !duplicate) {
            BarGaps.Missing m = BarGaps.between(s.lastBarTs(), r.ts(), r.interval(), r.assetClass(), cfg.holidays());
            if (m.any()) {
                flags.add(FLAG_MISSING_BARS);
                continuity = 0.0;
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("gap_type", "bars");
                v.put("interval", r.interval());
                v.put("missing_count", m.count());
                v.put("missing_ts", m.first());
                alerts.add(alert(r, QualityAlert.MISSING_DATA, Severity.MEDIUM,
                        m.count() + " " + r.interval() + " bar(s) missing before " + Timestamps.format(r.ts()), v));
            }
        }
        // Trades that may not set the last price (odd lots, average-price prints …) are legitimately away from it.
        if (r.kind() == Kind.TRADE && r.mayTradeSetLast()) {
            OutlierRule rule = cfg.outlierRule(r.assetClass());
            Judgement j = judge(r.price(), s, rule);
            boolean eligible = true;
            if (j != null) {
                accuracy = accuracy(j.ratio());
                if (j.outlier()) {
                    int run = continuesRun(s, r.price()) ? s.outlierRun() + 1 : 1;
                    if (run >= cfg.rebaseAfter()) {
                        // Several consecutive prints agreeing on a new level are a real move (halt, news), not errors.
                        flags.add(FLAG_LEVEL_SHIFT);
                        accuracy = 1.0;
                        d.rebase();
                    } else {
                        eligible = false;
                        pass = false;
                        flags.add(FLAG_OUTLIER);
                        d.outlierRun = run;
                        d.outlierRunPrice = r.price();
                        alerts.add(outlierAlert(r, j));
                    }
                }
            }
            if (eligible) {
                d.acceptPrice(r, rule);
                d.reference(r, r.price());
            }
        } else if (r.kind() != Kind.TRADE) {
            d.reference(r, referencePrice(r));
        }
        double timeliness = timeliness(r, cfg, now, flags, alerts, d);
        Consistency c = consistency(r, peers, cfg);
        if (c.inconsistent()) {
            flags.add(FLAG_INCONSISTENT);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("price", referencePrice(r));
            v.put("peer_median", c.peerMedian());
            v.put("disagreement_bps", round2(c.disagreementBps()));
            v.put("limit_bps", cfg.maxDisagreementBps());
            v.put("peer_providers", c.peerProviders());
            alerts.add(alert(r, QualityAlert.INCONSISTENT_SOURCES, Severity.MEDIUM, String.format(Locale.ROOT,
                    "%s disagrees with %s by %.1f bps", r.provider(), c.peerProviders(), c.disagreementBps()), v));
        }
        double completeness = completeness(r, continuity);
        Quality q = Quality.of(completeness, accuracy, timeliness, c.component(), flags);
        SeriesState next = s;
        if (!duplicate) {
            d.observeData(r, cfg);
            d.observeArrival(r, now, cfg, pass);
            next = d.build();
        }
        return new QualityResult.Accepted(r.withQuality(q), next, alerts);
    }

    /** How far a price is from its reference, as a multiple of the allowed distance (> 1 = outlier). */
    record Judgement(String method, BigDecimal price, double reference, double allowedFraction, double ratio) {
        boolean outlier() {
            return ratio > 1.0;
        }
    }

    static Judgement judge(BigDecimal price, SeriesState s, OutlierRule rule) {
        double p = price.doubleValue();
        if (rule.method() == OutlierRule.Method.ROBUST_MAD && s.recentPrices().size() >= rule.minSamples()) {
            double[] xs = s.recentPrices().stream().mapToDouble(BigDecimal::doubleValue).toArray();
            double median = median(xs);
            double[] dev = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                dev[i] = Math.abs(xs[i] - median);
            }
            double scale = Math.max(MAD_TO_SIGMA * median(dev), median * rule.madFloorBps() / 10_000.0);
            double allowed = rule.k() * scale;
            return new Judgement("robust_mad", price, median, allowed / median, Math.abs(p - median) / allowed);
        }
        if (s.lastPrice() == null) {
            return null;
        }
        double ref = s.lastPrice().doubleValue();
        double band = OutlierRule.secBand(ref);
        return new Judgement("sec_bands", price, ref, band, Math.abs(p - ref) / ref / band);
    }

    /** 1.0 within half the allowed distance, linear to 0.5 at the limit, then 0.5/ratio: monotone and continuous. */
    static double accuracy(double ratio) {
        if (ratio <= 0.5) {
            return 1.0;
        }
        return ratio <= 1.0 ? 1.0 - (ratio - 0.5) : 0.5 / ratio;
    }

    private static boolean continuesRun(SeriesState s, BigDecimal price) {
        if (s.outlierRunPrice() == null || s.outlierRun() == 0) {
            return false;
        }
        double ref = s.outlierRunPrice().doubleValue();
        return Math.abs(price.doubleValue() - ref) / ref <= OutlierRule.secBand(ref);
    }

    private static QualityAlert outlierAlert(CanonicalRecord r, Judgement j) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("method", j.method());
        v.put("price", j.price());
        v.put("reference", j.reference());
        v.put("deviation_pct", round2(100.0 * Math.abs(j.price().doubleValue() - j.reference()) / j.reference()));
        v.put("allowed_pct", round2(100.0 * j.allowedFraction()));
        return alert(r, QualityAlert.OUTLIER_DETECTED, Severity.HIGH, String.format(Locale.ROOT,
                "trade %s is %.2f× the allowed distance from reference %s (%s)", j.price().toPlainString(),
                j.ratio(), j.reference(), j.method()), v);
    }

    private static double timeliness(CanonicalRecord r, QualityConfig cfg, Instant now, List<String> flags,
            List<QualityAlert> alerts, Draft d) {
        QualityConfig.LatencyBudget b = cfg.latencyBudget(r.provider());
        if (b.good() == null) {
            return 1.0;
        }
        boolean wasLate = d.late;
        d.late = false;
        // A bar is complete only at its end, so its latency is measured from there.
        Instant reference = r.kind() == Kind.BAR ? r.ts().plus(BarGaps.duration(r.interval())) : r.ts();
        Instant ingest = r.ingestTs() != null ? r.ingestTs() : now;
        Duration latency = Duration.between(reference, ingest);
        if (latency.compareTo(b.good()) <= 0) {
            return 1.0;
        }
        if (latency.compareTo(b.bad()) >= 0) {
            flags.add(FLAG_LATE);
            d.late = true;
            if (!wasLate) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("latency_ms", latency.toMillis());
                v.put("bad_ms", b.bad().toMillis());
                alerts.add(alert(r, QualityAlert.LATE_DATA, Severity.LOW,
                        "ingested " + latency.toMillis() + " ms after event time (series late from here)", v));
            }
            return 0.0;
        }
        double span = b.bad().toNanos() - b.good().toNanos();
        return 1.0 - (latency.toNanos() - b.good().toNanos()) / span;
    }

    /**
     * Completeness: 0.6 for the required fields (always present on an accepted record), 0.3 × the share of
     * enrichment fields present, 0.1 for continuity (no sequence gap, no missing bars before this record).
     */
    static double completeness(CanonicalRecord r, double continuity) {
        List<Object> optional = new ArrayList<>();
        optional.add(r.assetClass());
        optional.add(r.exchange());
        optional.add(r.currency());
        if (r.assetClass() == null || !"crypto".equalsIgnoreCase(r.assetClass())) {
            optional.add(r.isin()); // crypto assets have no ISIN; never penalize its absence
        }
        switch (r.kind()) {
            case QUOTE -> {
                optional.add(r.bidSize());
                optional.add(r.askSize());
            }
            case BAR -> {
                optional.add(r.vwap());
                optional.add(r.tradeCount());
            }
            case TRADE -> { }
        }
        long present = optional.stream().filter(o -> o != null).count();
        return 0.6 + 0.3 * present / optional.size() + 0.1 * continuity;
    }

    /**
     * Cross-provider consistency of a record against peers' recent prices: peers from other providers within
     * {@code consistencyWindow} of its ts; disagreement with their median up to {@code maxDisagreementBps} scores
     * 1.0, falling linearly to 0.0 at four times the limit.
     */
    public static Consistency consistency(CanonicalRecord r, Collection<PeerPrice> peers, QualityConfig cfg) {
        BigDecimal p = referencePrice(r);
        if (p == null || peers == null) {
            return Consistency.NO_PEERS;
        }
        List<PeerPrice> near = peers.stream()
                .filter(x -> x.price() != null && x.price().signum() > 0 && x.ts() != null
                        && !x.provider().equals(r.provider())
                        && Duration.between(x.ts(), r.ts()).abs().compareTo(cfg.consistencyWindow()) <= 0)
                .sorted(Comparator.comparing(PeerPrice::price))
                .toList();
        if (near.isEmpty()) {
            return Consistency.NO_PEERS;
        }
        int n = near.size();
        BigDecimal median = n % 2 == 1 ? near.get(n / 2).price()
                : near.get(n / 2 - 1).price().add(near.get(n / 2).price()).divide(BigDecimal.TWO);
        double bps = p.subtract(median).abs().divide(median, MathContext.DECIMAL64).doubleValue() * 10_000.0;
        double max = cfg.maxDisagreementBps();
        double component = bps <= max ? 1.0 : Math.max(0.0, 1.0 - (bps - max) / (3.0 * max));
        List<String> providers = near.stream().map(PeerPrice::provider).distinct().sorted().toList();
        return new Consistency(component, median, bps, providers, bps > max);
    }

    /** The price a record stands for across providers: trade price, quote mid, bar close. */
    static BigDecimal referencePrice(CanonicalRecord r) {
        return switch (r.kind()) {
            case TRADE -> r.price();
            case QUOTE -> r.bid() == null || r.ask() == null ? null : r.bid().add(r.ask()).divide(BigDecimal.TWO);
            case BAR -> r.close();
        };
    }

    /**
     * The timer sweep: STALE_DATA for every series silent for more than {@code staleMultiplier} × its expected
     * interval (floored at {@code minStaleAfter}); when every eligible series of a provider is stale and the
     * freshest has been silent for {@code sourceSilentAfter}, one SOURCE_UNAVAILABLE replaces that provider's
     * STALE_DATA alerts. Equity series are only judged during the regular session, silence counted from the open.
     * Alert ids identify the silence episode, so sweeping again raises nothing new until data resumes and stops.
     */
    public static List<QualityAlert> sweepStale(Collection<SeriesState> states, Instant now, QualityConfig cfg) {
        Map<String, List<SeriesState>> byProvider = new TreeMap<>();
        for (SeriesState s : states) {
            boolean open = !MarketHours.followsSessions(s.assetClass()) || MarketHours.inSession(now, cfg.holidays());
            if (s.lastSeen() != null && open) {
                byProvider.computeIfAbsent(s.provider(), k -> new ArrayList<>()).add(s);
            }
        }
        List<QualityAlert> alerts = new ArrayList<>();
        for (Map.Entry<String, List<SeriesState>> e : byProvider.entrySet()) {
            List<SeriesState> series = e.getValue().stream().sorted(Comparator.comparing(SeriesState::key)).toList();
            List<SeriesState> stale = series.stream()
                    .filter(s -> silence(s, now).compareTo(staleAfter(s, cfg)) > 0).toList();
            Duration quietest = series.stream().map(s -> silence(s, now)).min(Comparator.naturalOrder()).orElseThrow();
            if (stale.size() == series.size() && quietest.compareTo(cfg.sourceSilentAfter()) >= 0) {
                alerts.add(sourceUnavailable(e.getKey(), series, quietest, now));
            } else {
                stale.forEach(s -> alerts.add(staleAlert(s, now, cfg)));
            }
        }
        return alerts;
    }

    /** When the current silence began: last seen, or today's open for a session series last seen before it. */
    private static Instant episodeStart(SeriesState s, Instant now) {
        if (MarketHours.followsSessions(s.assetClass())) {
            Instant open = MarketHours.sessionOpen(now);
            return s.lastSeen().isBefore(open) ? open : s.lastSeen();
        }
        return s.lastSeen();
    }

    private static Duration silence(SeriesState s, Instant now) {
        return Duration.between(episodeStart(s, now), now);
    }

    static Duration staleAfter(SeriesState s, QualityConfig cfg) {
        double expectedMs = s.expectedIntervalMs() != null ? s.expectedIntervalMs()
                : cfg.defaultExpectedInterval().toMillis();
        Duration d = Duration.ofMillis(Math.round(cfg.staleMultiplier() * expectedMs));
        return d.compareTo(cfg.minStaleAfter()) < 0 ? cfg.minStaleAfter() : d;
    }

    private static QualityAlert staleAlert(SeriesState s, Instant now, QualityConfig cfg) {
        Instant since = episodeStart(s, now);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("series", s.key());
        v.put("last_seen", s.lastSeen());
        v.put("silent_ms", Duration.between(since, now).toMillis());
        v.put("stale_after_ms", staleAfter(s, cfg).toMillis());
        v.put("reliability", round2(s.reliability()));
        String id = EventIds.derive("series:" + s.key() + "@" + Timestamps.format(since), "alert:" + QualityAlert.STALE_DATA);
        return new QualityAlert(id, QualityAlert.STALE_DATA, Severity.MEDIUM.name(), s.provider(), s.symbol(), now,
                null, "no update of " + s.key() + " since " + Timestamps.format(since), v);
    }

    private static QualityAlert sourceUnavailable(String provider, List<SeriesState> series, Duration quietest,
            Instant now) {
        Instant since = series.stream().map(s -> episodeStart(s, now)).max(Comparator.naturalOrder()).orElseThrow();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("silent_ms", quietest.toMillis());
        v.put("series", series.stream().map(SeriesState::key).toList());
        String id = EventIds.derive("provider:" + provider + "@" + Timestamps.format(since),
                "alert:" + QualityAlert.SOURCE_UNAVAILABLE);
        return new QualityAlert(id, QualityAlert.SOURCE_UNAVAILABLE, Severity.CRITICAL.name(), provider, null, now,
                null, "provider " + provider + " silent on all " + series.size() + " series since "
                        + Timestamps.format(since), v);
    }

    /** Deterministic alert id: one alert per record and type, however often the record is redelivered. */
    private static QualityAlert alert(CanonicalRecord r, String type, Severity severity, String detail,
            Map<String, Object> values) {
        // A record too malformed to carry event_id is identified by its whole content, still deterministically.
        String basis = r.eventId() != null ? r.eventId() : "content:" + r;
        return new QualityAlert(EventIds.derive(basis, "alert:" + type), type, severity.name(), r.provider(),
                r.symbol(), r.ts(), r.eventId(), detail, values);
    }

    private static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /** The next state under construction. */
    private static final class Draft {
        private final SeriesState s;
        private BigDecimal lastPrice;
        private Instant lastPriceTs;
        private final List<BigDecimal> recentPrices;
        private int outlierRun;
        private BigDecimal outlierRunPrice;
        private Long lastSeq;
        private Instant lastTs;
        private Instant lastSeen;
        private Instant lastBarTs;
        private Double expectedIntervalMs;
        private double reliability;
        private long observations;
        private final List<String> recentIds;
        private BigDecimal lastRefPrice;
        private Instant lastRefTs;
        private boolean late;

        Draft(SeriesState s) {
            this.s = s;
            lastPrice = s.lastPrice();
            lastPriceTs = s.lastPriceTs();
            recentPrices = new ArrayList<>(s.recentPrices());
            outlierRun = s.outlierRun();
            outlierRunPrice = s.outlierRunPrice();
            lastSeq = s.lastSeq();
            lastTs = s.lastTs();
            lastSeen = s.lastSeen();
            lastBarTs = s.lastBarTs();
            expectedIntervalMs = s.expectedIntervalMs();
            reliability = s.reliability();
            observations = s.observations();
            recentIds = new ArrayList<>(s.recentEventIds());
            lastRefPrice = s.lastRefPrice();
            lastRefTs = s.lastRefTs();
            late = s.late();
        }

        /** The price other providers' records are compared with; an older record never replaces a newer one. */
        void reference(CanonicalRecord r, BigDecimal price) {
            if (price != null && (lastRefTs == null || !r.ts().isBefore(lastRefTs))) {
                lastRefPrice = price;
                lastRefTs = r.ts();
            }
        }

        void rebase() {
            lastPrice = null;
            lastPriceTs = null;
            recentPrices.clear();
        }

        void acceptPrice(CanonicalRecord r, OutlierRule rule) {
            if (lastPriceTs == null || !r.ts().isBefore(lastPriceTs)) {
                lastPrice = r.price();
                lastPriceTs = r.ts();
            }
            int window = rule.windowSize();
            if (window > 0) {
                recentPrices.add(r.price());
                while (recentPrices.size() > window) {
                    recentPrices.removeFirst();
                }
            }
            outlierRun = 0;
            outlierRunPrice = null;
        }

        /** Sequence, event time, bar position and rate: only from records that passed validation. */
        void observeData(CanonicalRecord r, QualityConfig cfg) {
            lastSeq = lastSeq == null ? Long.valueOf(r.seq()) : Long.valueOf(Math.max(lastSeq, r.seq()));
            if (r.kind() == Kind.BAR) {
                expectedIntervalMs = (double) BarGaps.duration(r.interval()).toMillis();
                lastBarTs = lastBarTs == null || r.ts().isAfter(lastBarTs) ? r.ts() : lastBarTs;
            } else if (lastTs != null && r.ts().isAfter(lastTs) && sameSession(lastTs, r.ts(), cfg)) {
                double dt = Duration.between(lastTs, r.ts()).toMillis();
                expectedIntervalMs = expectedIntervalMs == null ? dt
                        : expectedIntervalMs + INTERARRIVAL_ALPHA * (dt - expectedIntervalMs);
            }
            lastTs = lastTs == null || r.ts().isAfter(lastTs) ? r.ts() : lastTs;
        }

        /** Liveness and reliability: every record counts, a rejected one too (the feed is alive, but wrong). */
        void observeArrival(CanonicalRecord r, Instant now, QualityConfig cfg, boolean pass) {
            Instant seen = r.ingestTs() != null ? r.ingestTs() : now;
            lastSeen = lastSeen == null || seen.isAfter(lastSeen) ? seen : lastSeen;
            double alpha = 2.0 / (cfg.reliabilityWindow() + 1);
            reliability = reliability + alpha * ((pass ? 1.0 : 0.0) - reliability);
            observations++;
            if (r.eventId() != null) {
                recentIds.add(r.eventId());
                while (recentIds.size() > SeriesState.RECENT_IDS) {
                    recentIds.removeFirst();
                }
            }
        }

        /** Overnight and weekend pauses of session instruments are not their tick rate. */
        private boolean sameSession(Instant a, Instant b, QualityConfig cfg) {
            if (!MarketHours.followsSessions(s.assetClass())) {
                return true;
            }
            return MarketHours.inSession(a, cfg.holidays()) && MarketHours.inSession(b, cfg.holidays())
                    && a.atZone(MarketHours.NEW_YORK).toLocalDate().equals(b.atZone(MarketHours.NEW_YORK).toLocalDate());
        }

        SeriesState build() {
            return new SeriesState(s.provider(), s.symbol(), s.kind(), s.interval(), s.assetClass(), lastPrice,
                    lastPriceTs, recentPrices, lastSeq, lastTs, lastSeen, lastBarTs, expectedIntervalMs, reliability,
                    observations, outlierRun, outlierRunPrice, recentIds, lastRefPrice, lastRefTs, late);
        }
    }
}
