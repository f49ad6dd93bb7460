-- Point-in-time research reads (docs/contract/storage.md; docs/corporate-actions.md "Point-in-time SQL").
-- adjusted_bars() is the one place where stored bars are adjusted for research: application code calls it and never
-- re-implements the adjustment. Its semantics are exactly those of the Java domain code (dev.marketfn.actions:
-- FactorTimeline.cumulative, FactorMath, Adjuster, SymbolChain.history, Fraction), including the arithmetic.

-- value × num / den, rounded once to 20 significant digits HALF_EVEN, trailing zeros stripped: Fraction.applyTo with
-- Fraction.MC. Exact for every input (integer quotient and remainder, no binary floating point in the result); the
-- float8 logarithm only guesses the decimal exponent, which is then checked exactly. NULL value → NULL.
CREATE FUNCTION fraction_apply(value numeric, num numeric, den numeric) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    n numeric := abs(value * num);
    d numeric := abs(den);
    e integer;      -- floor(log10(n / d))
    scaled numeric;
    q numeric;
    r numeric;
BEGIN
    IF d = 0 THEN
        RAISE EXCEPTION 'fraction_apply: zero denominator' USING ERRCODE = 'division_by_zero';
    END IF;
    IF n = 0 THEN
        RETURN 0;
    END IF;
    IF n = d THEN
        RETURN sign(value) * sign(num) * sign(den);
    END IF;
    e := floor(log(n::float8) - log(d::float8))::integer;
    WHILE n < d * ('1e' || e)::numeric LOOP
        e := e - 1;
    END LOOP;
    WHILE n >= d * ('1e' || (e + 1))::numeric LOOP
        e := e + 1;
    END LOOP;
    -- 20 significant digits: q = trunc(n / d × 10^(19 − e)), r the exact remainder
    scaled := n * ('1e' || (19 - e))::numeric;
    q := div(scaled, d);
    r := scaled - q * d;
    IF 2 * r > d OR (2 * r = d AND mod(q, 2) = 1) THEN
        q := q + 1;
    END IF;
    RETURN trim_scale(sign(value) * sign(num) * sign(den) * q * ('1e' || (e - 19))::numeric);
END
$$;

-- Exact product of numerics (numeric multiplication never rounds); 1 over no rows.
CREATE AGGREGATE numeric_product(numeric) (SFUNC = numeric_mul, STYPE = numeric, INITCOND = '1', PARALLEL = SAFE);

-- The mode of a research read: NULL → 'split' (the default, AdjustmentMode.parse); anything else but raw, split,
-- total_return is an error naming the argument (SQLSTATE 22023, column = the argument). as_of is required.
CREATE FUNCTION adjustment_mode(mode text, as_of timestamptz) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF as_of IS NULL THEN
        RAISE EXCEPTION 'as_of is required: the point in time whose knowledge the read uses'
            USING ERRCODE = 'invalid_parameter_value', COLUMN = 'as_of';
    END IF;
    IF mode IS NULL THEN
        RETURN 'split';
    END IF;
    IF mode NOT IN ('raw', 'split', 'total_return') THEN
        RAISE EXCEPTION '''%'' is not one of raw, split, total_return', mode
            USING ERRCODE = 'invalid_parameter_value', COLUMN = 'mode';
    END IF;
    RETURN mode;
END
$$;

-- The zone a record's trading date is counted in (docs/contract/payloads.md: a 1d bar starts at 00:00 of its trading date there):
-- UTC for crypto (asset_class 'crypto' in instruments, or a BASE-QUOTE symbol), New York otherwise. The same rule as
-- CorporateActionHandlers.zoneOf; change both together.
CREATE FUNCTION exchange_zone(symbol text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN $1 LIKE '%-%'
            OR EXISTS (SELECT 1 FROM instruments i WHERE i.symbol = $1 AND i.asset_class = 'crypto')
        THEN 'UTC' ELSE 'America/New_York' END
$$;

-- Finds the symbol changes into a symbol (the chain walk below).
CREATE INDEX corporate_actions_new_symbol ON corporate_actions (new_symbol, ex_date) WHERE type = 'symbol_change';

/*
 adjusted_bars(in_symbol, in_interval, as_of, mode): the bars_ohlcv rows of an instrument as a reader at as_of saw
 them, in the basis of mode ('raw', 'split' (default, also for NULL), 'total_return').

 - Knowledge: per action_id, the latest version with known_at <= as_of (ties: the higher version); later versions
   and actions not yet known do not exist for this read. Bars with ts > as_of are excluded.
 - Instrument: in_symbol and the symbols it had before, per the symbol changes known at as_of (SymbolChain.history):
   each symbol contributes its bars whose trading date lies in its segment [from, to) and its actions whose ex-date
   lies in [from, to] (a ticker reused by another company before or after does not leak in). Rows come back under
   in_symbol; recorded_symbol is the symbol they were stored under.
 - Factors (FactorMath, exact fractions): split, reverse_split, stock_dividend with ratio r: price 1/r, volume r
   (modes split, total_return); cash_dividend D priced against prev_close C: price (C − D)/C, volume 1 (total_return
   only); symbol_change: none. A bar of trading date d (its ts in exchange_zone) gets the product of the factors of
   the actions with ex_date > d (FactorTimeline.cumulative; an action applies as soon as it is known, also when
   as_of is before its ex-date), multiplied as fractions and rounded once per value
   (fraction_apply). Prices (open, high, low, close, vwap) × price factor, volume × volume factor, trade_count as is.
 - price_factor / volume_factor: the cumulative factors (rounded like a value); action_ids: the actions in them in
   ex-date order (then action_id), as in the adjustment of a corporate-action-adjusted record.

 Rows are ordered by ts, provider. Every provider's bars are returned; filter on provider if you need one feed.
*/
CREATE FUNCTION adjusted_bars(in_symbol text, in_interval text, as_of timestamptz, mode text DEFAULT 'split')
RETURNS TABLE (provider text, symbol text, "interval" text, ts timestamptz,
               open numeric, high numeric, low numeric, close numeric, volume numeric, vwap numeric,
               trade_count bigint, price_factor numeric, volume_factor numeric, action_ids text[],
               recorded_symbol text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
WITH RECURSIVE
args AS (
    SELECT adjustment_mode(mode, as_of) AS mode
),
-- SymbolChain.history: newest change first, each step the latest (ex_date, action_id) change into the current symbol
-- that is older than the previous step's.
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
-- the instrument's actions in the mode, each in its latest version known at as_of, as exact fractions
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
-- the cumulative factor is a step function of the trading date: constant on [lo, hi) between ex-dates
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
SELECT b.provider, in_symbol, b."interval", b.ts,
    fraction_apply(b.open, st.p_num, st.p_den),
    fraction_apply(b.high, st.p_num, st.p_den),
    fraction_apply(b.low, st.p_num, st.p_den),
    fraction_apply(b.close, st.p_num, st.p_den),
    fraction_apply(b.volume, st.v_num, 1),
    fraction_apply(b.vwap, st.p_num, st.p_den),
    b.trade_count,
    fraction_apply(1, st.p_num, st.p_den),
    fraction_apply(1, st.v_num, 1),
    st.ids,
    b.symbol
FROM segments s
    JOIN bars_ohlcv b ON b.symbol = s.sym AND b."interval" = in_interval AND b.ts <= as_of
    CROSS JOIN LATERAL (SELECT (b.ts AT TIME ZONE s.zone)::date AS td) t
    JOIN steps st ON (st.lo IS NULL OR t.td >= st.lo) AND (st.hi IS NULL OR t.td < st.hi)
WHERE (s.seg_from IS NULL OR t.td >= s.seg_from) AND (s.seg_to IS NULL OR t.td < s.seg_to)
    -- a pseudo-constant qual: checked once, first, so bad arguments fail even when there is nothing to read
    AND adjustment_mode(mode, as_of) IS NOT NULL
ORDER BY b.ts, b.provider
$$;
