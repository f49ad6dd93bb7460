-- The two steps adjusted_bars (V032) and bars_as_of (V030) repeated, each once. bar_in_step: whether a bar (its
-- ts as a trading date in the exchange's zone) falls in a factor step of instrument_factor_steps (V030), within its
-- symbol segment; NULL bounds are open. adjust_bar_row: that step applied to the bar's values. Prices (open, high,
-- low, close, vwap) × p_num / p_den, volume × v_num, each rounded by fraction_apply (V002); price_factor and
-- volume_factor are the step's factors rounded like a value. Both are single-SELECT SQL functions and not STRICT, so
-- the planner inlines them into the callers (EXPLAIN VERBOSE of both callers is the plan of the expressions written
-- out); a NULL vwap stays NULL through fraction_apply. Both callers are redefined over them with the same arguments,
-- columns, order and results (AdjustedBarsTest, PointInTimeTest).
CREATE FUNCTION bar_in_step(ts timestamptz, zone text, seg_from date, seg_to date, lo date, hi date) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT (seg_from IS NULL OR (ts AT TIME ZONE zone)::date >= seg_from)
    AND (seg_to IS NULL OR (ts AT TIME ZONE zone)::date < seg_to)
    AND (lo IS NULL OR (ts AT TIME ZONE zone)::date >= lo)
    AND (hi IS NULL OR (ts AT TIME ZONE zone)::date < hi)
$$;

CREATE FUNCTION adjust_bar_row(o numeric, h numeric, l numeric, c numeric, v numeric, vw numeric,
                               p_num numeric, p_den numeric, v_num numeric)
RETURNS TABLE (open numeric, high numeric, low numeric, close numeric, volume numeric, vwap numeric,
               price_factor numeric, volume_factor numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT fraction_apply(o, p_num, p_den),
    fraction_apply(h, p_num, p_den),
    fraction_apply(l, p_num, p_den),
    fraction_apply(c, p_num, p_den),
    fraction_apply(v, v_num, 1),
    fraction_apply(vw, p_num, p_den),
    fraction_apply(1, p_num, p_den),
    fraction_apply(1, v_num, 1)
$$;

CREATE OR REPLACE FUNCTION adjusted_bars(in_symbol text, in_interval text, as_of timestamptz, mode text DEFAULT 'split')
RETURNS TABLE (provider text, symbol text, "interval" text, ts timestamptz,
               open numeric, high numeric, low numeric, close numeric, volume numeric, vwap numeric,
               trade_count bigint, price_factor numeric, volume_factor numeric, action_ids text[],
               recorded_symbol text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT b.provider, in_symbol, b."interval", b.ts, a.open, a.high, a.low, a.close, a.volume, a.vwap, b.trade_count,
    a.price_factor, a.volume_factor, f.ids, b.symbol
FROM instrument_factor_steps(in_symbol, as_of, mode) f
    JOIN bars_ohlcv b ON b.symbol = f.sym AND b."interval" = in_interval AND b.ts <= as_of
    CROSS JOIN LATERAL adjust_bar_row(b.open, b.high, b.low, b.close, b.volume, b.vwap, f.p_num, f.p_den, f.v_num) a
WHERE bar_in_step(b.ts, f.zone, f.seg_from, f.seg_to, f.lo, f.hi)
    -- a pseudo-constant qual: checked once, first, so bad arguments fail even when there is nothing to read
    AND adjustment_mode(mode, as_of) IS NOT NULL
ORDER BY b.ts, b.provider
$$;

CREATE OR REPLACE FUNCTION bars_as_of(in_symbol text, in_interval text, as_of timestamptz, mode text DEFAULT 'split')
RETURNS TABLE (provider text, symbol text, "interval" text, ts timestamptz,
               open numeric, high numeric, low numeric, close numeric, volume numeric, vwap numeric,
               trade_count bigint, price_factor numeric, volume_factor numeric, action_ids text[],
               recorded_symbol text, revision int, known_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT b.provider, in_symbol, b."interval", b.ts, a.open, a.high, a.low, a.close, a.volume, a.vwap, b.trade_count,
    a.price_factor, a.volume_factor, f.ids, b.symbol, b.revision, b.known_at
FROM instrument_factor_steps(in_symbol, as_of, mode) f
    JOIN LATERAL (
        SELECT DISTINCT ON (r.provider, r.ts) r.*
        FROM bar_revisions r
        WHERE r.symbol = f.sym AND r."interval" = in_interval AND r.known_at <= as_of AND r.ts <= as_of
        ORDER BY r.provider, r.ts, r.revision DESC) b ON true
    CROSS JOIN LATERAL adjust_bar_row(b.open, b.high, b.low, b.close, b.volume, b.vwap, f.p_num, f.p_den, f.v_num) a
WHERE bar_in_step(b.ts, f.zone, f.seg_from, f.seg_to, f.lo, f.hi)
    AND adjustment_mode(mode, as_of) IS NOT NULL
ORDER BY b.ts, b.provider
$$;
