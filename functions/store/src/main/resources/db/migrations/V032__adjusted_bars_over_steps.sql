-- adjusted_bars (V002) over instrument_factor_steps (V030): the symbol chain, the actions known at as_of and the
-- factor steps are computed in one place for every bar source (bars_ohlcv here, bar_revisions in bars_as_of).
-- Same arguments, columns, order and semantics as V002's definition (AdjustedBarsTest).
CREATE OR REPLACE FUNCTION adjusted_bars(in_symbol text, in_interval text, as_of timestamptz, mode text DEFAULT 'split')
RETURNS TABLE (provider text, symbol text, "interval" text, ts timestamptz,
               open numeric, high numeric, low numeric, close numeric, volume numeric, vwap numeric,
               trade_count bigint, price_factor numeric, volume_factor numeric, action_ids text[],
               recorded_symbol text)
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
    b.symbol
FROM instrument_factor_steps(in_symbol, as_of, mode) f
    JOIN bars_ohlcv b ON b.symbol = f.sym AND b."interval" = in_interval AND b.ts <= as_of
    CROSS JOIN LATERAL (SELECT (b.ts AT TIME ZONE f.zone)::date AS td) t
WHERE (f.seg_from IS NULL OR t.td >= f.seg_from) AND (f.seg_to IS NULL OR t.td < f.seg_to)
    AND (f.lo IS NULL OR t.td >= f.lo) AND (f.hi IS NULL OR t.td < f.hi)
    -- a pseudo-constant qual: checked once, first, so bad arguments fail even when there is nothing to read
    AND adjustment_mode(mode, as_of) IS NOT NULL
ORDER BY b.ts, b.provider
$$;
