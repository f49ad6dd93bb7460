-- Versioned research data (docs/contract/storage.md "Point-in-time reads", docs/research.md): bars and indicator
-- values keep every revision with the time it became known, so a read "as of T" returns what the platform knew at T.
-- The revisions are written by triggers on bars_ohlcv and indicator_values, so no write path has to remember them.

-- A bar enters the research history when it is published (emitted_at set by the indicator function's close), and
-- every later change of its values (a late trade, a corrected given bar) is a new revision. An open bar's many
-- intermediate states are not history: nobody outside the indicator saw them.
CREATE TABLE bar_revisions (
    provider     text NOT NULL,
    symbol       text NOT NULL,
    "interval"   text NOT NULL,
    ts           timestamptz NOT NULL,
    revision     int NOT NULL,
    known_at     timestamptz NOT NULL,
    open         numeric,
    high         numeric,
    low          numeric,
    close        numeric,
    volume       numeric NOT NULL,
    vwap         numeric,
    trade_count  bigint NOT NULL,
    PRIMARY KEY (provider, symbol, "interval", ts, revision)
);
CREATE INDEX bar_revisions_symbol ON bar_revisions (symbol, "interval", ts);

-- known_at is the writing transaction's time (now()): every row a transaction revised becomes known together.
CREATE FUNCTION record_bar_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bar_revisions (provider, symbol, "interval", ts, revision, known_at, open, high, low, close, volume,
        vwap, trade_count)
    SELECT NEW.provider, NEW.symbol, NEW."interval", NEW.ts,
        coalesce((SELECT max(r.revision) FROM bar_revisions r WHERE r.provider = NEW.provider
            AND r.symbol = NEW.symbol AND r."interval" = NEW."interval" AND r.ts = NEW.ts), 0) + 1,
        now(), NEW.open, NEW.high, NEW.low, NEW.close, NEW.volume, NEW.vwap, NEW.trade_count;
    RETURN NULL;
END
$$;

CREATE TRIGGER bars_ohlcv_published AFTER INSERT ON bars_ohlcv
    FOR EACH ROW WHEN (NEW.emitted_at IS NOT NULL) EXECUTE FUNCTION record_bar_revision();
CREATE TRIGGER bars_ohlcv_revised AFTER UPDATE ON bars_ohlcv
    FOR EACH ROW WHEN (NEW.emitted_at IS NOT NULL AND (OLD.emitted_at IS NULL
        OR (OLD.open, OLD.high, OLD.low, OLD.close, OLD.volume, OLD.vwap, OLD.trade_count)
            IS DISTINCT FROM (NEW.open, NEW.high, NEW.low, NEW.close, NEW.volume, NEW.vwap, NEW.trade_count)))
    EXECUTE FUNCTION record_bar_revision();

-- Bars published before this migration: their current values, known since they were published (earlier revisions
-- of a revised bar were overwritten before revisions were kept).
INSERT INTO bar_revisions (provider, symbol, "interval", ts, revision, known_at, open, high, low, close, volume, vwap,
    trade_count)
SELECT provider, symbol, "interval", ts, 1, CASE WHEN revised THEN updated_at ELSE emitted_at END,
    open, high, low, close, volume, vwap, trade_count
FROM bars_ohlcv WHERE emitted_at IS NOT NULL;

-- Indicator values: every stored version (the row is written when its bar closes; a recomputation is a revision).
CREATE TABLE indicator_revisions (
    provider    text NOT NULL,
    symbol      text NOT NULL,
    "interval"  text NOT NULL,
    ts          timestamptz NOT NULL,
    revision    int NOT NULL,
    known_at    timestamptz NOT NULL,
    bar         jsonb NOT NULL,
    "values"    jsonb NOT NULL,
    PRIMARY KEY (provider, symbol, "interval", ts, revision)
);
CREATE INDEX indicator_revisions_symbol ON indicator_revisions (symbol, "interval", ts);

CREATE FUNCTION record_indicator_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_revisions (provider, symbol, "interval", ts, revision, known_at, bar, "values")
    SELECT NEW.provider, NEW.symbol, NEW."interval", NEW.ts,
        coalesce((SELECT max(r.revision) FROM indicator_revisions r WHERE r.provider = NEW.provider
            AND r.symbol = NEW.symbol AND r."interval" = NEW."interval" AND r.ts = NEW.ts), 0) + 1,
        now(), NEW.bar, NEW."values";
    RETURN NULL;
END
$$;

CREATE TRIGGER indicator_values_stored AFTER INSERT ON indicator_values
    FOR EACH ROW EXECUTE FUNCTION record_indicator_revision();
CREATE TRIGGER indicator_values_revised AFTER UPDATE ON indicator_values
    FOR EACH ROW WHEN ((OLD.bar, OLD."values") IS DISTINCT FROM (NEW.bar, NEW."values"))
    EXECUTE FUNCTION record_indicator_revision();

INSERT INTO indicator_revisions (provider, symbol, "interval", ts, revision, known_at, bar, "values")
SELECT provider, symbol, "interval", ts, 1, computed_at, bar, "values" FROM indicator_values;

/*
 instrument_factor_steps(in_symbol, as_of, mode): the adjustment of adjusted_bars (V002) without the bars, so that
 more than one bar source can be adjusted by the one implementation. One row per (symbol segment, factor step): a bar
 recorded under sym whose trading date td (its ts in zone) lies in [seg_from, seg_to) and in [lo, hi) gets
 price × p_num / p_den and volume × v_num (fraction_apply), with the actions ids. NULL bounds are open.
 Semantics exactly those of adjusted_bars: see V002.
*/
CREATE FUNCTION instrument_factor_steps(in_symbol text, as_of timestamptz, mode text DEFAULT 'split')
RETURNS TABLE (sym text, seg_from date, seg_to date, zone text, lo date, hi date, p_num numeric, p_den numeric,
               v_num numeric, ids text[])
LANGUAGE sql STABLE PARALLEL SAFE AS $$
WITH RECURSIVE
args AS (
    SELECT adjustment_mode(mode, as_of) AS mode
),
walk (depth, sym, seg_to, via) AS (
    SELECT 0, in_symbol, NULL::date, NULL::text
    UNION ALL
    SELECT w.depth + 1, c.symbol, c.ex_date, c.action_id
    FROM walk w CROSS JOIN LATERAL (
        SELECT c.symbol, c.ex_date, c.action_id
        FROM corporate_actions c
        WHERE c.type = 'symbol_change' AND c.new_symbol = w.sym AND c.known_at <= as_of
            AND (w.via IS NULL OR (c.ex_date, c.action_id) < (w.seg_to, w.via))
            AND NOT EXISTS (SELECT 1 FROM corporate_actions l
                WHERE l.action_id = c.action_id AND l.known_at <= as_of
                    AND (l.known_at, l.version) > (c.known_at, c.version))
        ORDER BY c.ex_date DESC, c.action_id DESC
        LIMIT 1) c
),
segments AS (
    SELECT w.sym, lead(w.seg_to) OVER (ORDER BY w.depth) AS seg_from, w.seg_to, exchange_zone(w.sym) AS zone
    FROM walk w
),
acts AS (
    SELECT DISTINCT ON (c.action_id) c.action_id, c.ex_date,
        CASE WHEN c.type = 'cash_dividend' AND f.prev_close IS NOT NULL THEN f.prev_close - c.amount
             WHEN c.type <> 'cash_dividend' AND c.ratio IS NOT NULL THEN 1
             ELSE f.price_factor END AS p_num,
        CASE WHEN c.type = 'cash_dividend' AND f.prev_close IS NOT NULL THEN f.prev_close
             WHEN c.type <> 'cash_dividend' AND c.ratio IS NOT NULL THEN c.ratio
             ELSE 1 END AS p_den,
        CASE WHEN c.type <> 'cash_dividend' AND c.ratio IS NOT NULL THEN c.ratio
             ELSE f.volume_factor END AS v_num
    FROM segments s
        JOIN corporate_actions c ON c.symbol = s.sym
            AND (s.seg_from IS NULL OR c.ex_date >= s.seg_from) AND (s.seg_to IS NULL OR c.ex_date <= s.seg_to)
        JOIN adjustment_factors f ON f.action_id = c.action_id AND f.version = c.version
        CROSS JOIN args
    WHERE c.known_at <= as_of
        AND NOT EXISTS (SELECT 1 FROM corporate_actions l
            WHERE l.action_id = c.action_id AND l.known_at <= as_of
                AND (l.known_at, l.version) > (c.known_at, c.version))
        AND CASE args.mode
            WHEN 'split' THEN c.type IN ('split', 'reverse_split', 'stock_dividend')
            WHEN 'total_return' THEN c.type IN ('split', 'reverse_split', 'stock_dividend', 'cash_dividend')
            ELSE false END
    ORDER BY c.action_id
),
bounds AS (
    SELECT NULL::date AS lo
    UNION
    SELECT ex_date FROM acts
),
steps AS (
    SELECT b.lo, x.hi, x.p_num, x.p_den, x.v_num, x.ids
    FROM bounds b CROSS JOIN LATERAL (
        SELECT min(a.ex_date) AS hi, numeric_product(a.p_num) AS p_num, numeric_product(a.p_den) AS p_den,
            numeric_product(a.v_num) AS v_num,
            coalesce(array_agg(a.action_id ORDER BY a.ex_date, a.action_id), '{}'::text[]) AS ids
        FROM acts a
        WHERE b.lo IS NULL OR a.ex_date > b.lo) x
)
SELECT s.sym, s.seg_from, s.seg_to, s.zone, st.lo, st.hi, st.p_num, st.p_den, st.v_num, st.ids
FROM segments s CROSS JOIN steps st
$$;

/*
 bars_as_of(in_symbol, in_interval, as_of, mode): adjusted_bars over the bar revisions. Per bar the latest revision
 with known_at <= as_of (a bar published after as_of does not exist for this read; one revised after as_of is read as
 it was before), adjusted with the corporate actions known at as_of (instrument_factor_steps). revision and known_at
 say which version was read. Ordered by ts, provider.
*/
CREATE FUNCTION bars_as_of(in_symbol text, in_interval text, as_of timestamptz, mode text DEFAULT 'split')
RETURNS TABLE (provider text, symbol text, "interval" text, ts timestamptz,
               open numeric, high numeric, low numeric, close numeric, volume numeric, vwap numeric,
               trade_count bigint, price_factor numeric, volume_factor numeric, action_ids text[],
               recorded_symbol text, revision int, known_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT b.provider, in_symbol, b."interval", b.ts,
    fraction_apply(b.open, f.p_num, f.p_den),
    fraction_apply(b.high, f.p_num, f.p_den),
    fraction_apply(b.low, f.p_num, f.p_den),
    fraction_apply(b.close, f.p_num, f.p_den),
    fraction_apply(b.volume, f.v_num, 1),
    fraction_apply(b.vwap, f.p_num, f.p_den),
    b.trade_count,
    fraction_apply(1, f.p_num, f.p_den),
    fraction_apply(1, f.v_num, 1),
    f.ids,
    b.symbol, b.revision, b.known_at
FROM instrument_factor_steps(in_symbol, as_of, mode) f
    JOIN LATERAL (
        SELECT DISTINCT ON (r.provider, r.ts) r.*
        FROM bar_revisions r
        WHERE r.symbol = f.sym AND r."interval" = in_interval AND r.known_at <= as_of AND r.ts <= as_of
        ORDER BY r.provider, r.ts, r.revision DESC) b ON true
    CROSS JOIN LATERAL (SELECT (b.ts AT TIME ZONE f.zone)::date AS td) t
WHERE (f.seg_from IS NULL OR t.td >= f.seg_from) AND (f.seg_to IS NULL OR t.td < f.seg_to)
    AND (f.lo IS NULL OR t.td >= f.lo) AND (f.hi IS NULL OR t.td < f.hi)
    AND adjustment_mode(mode, as_of) IS NOT NULL
ORDER BY b.ts, b.provider
$$;

/*
 indicators_as_of(in_symbol, in_interval, as_of): per bar of the symbol the latest indicator revision known at
 as_of, as stored (the indicator function's values, on the recorded prices: indicators are not adjusted).
*/
CREATE FUNCTION indicators_as_of(in_symbol text, in_interval text, as_of timestamptz)
RETURNS TABLE (provider text, symbol text, "interval" text, ts timestamptz, bar jsonb, "values" jsonb,
               revision int, known_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT DISTINCT ON (r.provider, r.ts) r.provider, r.symbol, r."interval", r.ts, r.bar, r."values", r.revision,
    r.known_at
FROM indicator_revisions r
WHERE r.symbol = in_symbol AND r."interval" = in_interval AND r.known_at <= as_of
    AND adjustment_mode(NULL, as_of) IS NOT NULL
ORDER BY r.provider, r.ts, r.revision DESC
$$;
