-- Research tables computed by the platform (docs/research.md): daily OHLCV and, per bar and horizon, returns,
-- rolling volatility and momentum, all read point-in-time through bars_as_of (V030), so a factor "as of T" uses only
-- what was known at T, in the mode asked for.

-- The horizon set: bar-count horizons (over the bars of the interval read) and time horizons (over the bars whose ts
-- lies in the last `seconds`). Rows here are the defaults; a read may pass its own names.
CREATE TABLE research_horizons (
    name     text PRIMARY KEY CHECK (name ~ '^[a-z0-9_]{1,32}$'),
    bars     int CHECK (bars BETWEEN 1 AND 100000),
    seconds  int CHECK (seconds BETWEEN 1 AND 31622400),
    CHECK ((bars IS NULL) <> (seconds IS NULL))
);
INSERT INTO research_horizons (name, bars, seconds) VALUES
    ('bars_1', 1, NULL), ('bars_5', 5, NULL), ('bars_20', 20, NULL), ('bars_60', 60, NULL),
    ('time_30s', NULL, 30), ('time_60s', NULL, 60), ('time_300s', NULL, 300);

/*
 factors_as_of(in_symbol, in_interval, as_of, mode, from_ts, until_ts, horizons): per bar (from_ts <= ts < until_ts,
 NULL = open) and horizon, with the bars as known at as_of in mode:
 - bar horizon h: base = the close h bars earlier; ret = close / base − 1; log_ret = ln(close / base);
   momentum = close − base (mom_10 is bars_10's momentum); volatility = sample standard deviation of the last h
   one-bar log returns (NULL for h < 2); complete = the h earlier bars exist.
 - time horizon s: base = the close of the first bar with ts in [ts − s, ts) (the bar s seconds back when the series
   has no gap); volatility over the one-bar log returns of the bars in (ts − s, ts]; complete = a bar exactly at
   ts − s exists.
 Bars before from_ts are read for the windows, so the first rows of a range are not warming up. One-bar log returns
 are taken between consecutive bars of a provider; bars without a close are skipped. horizons: names in
 research_horizons (NULL = all). Ordered by ts, provider, horizon.
*/
CREATE FUNCTION factors_as_of(in_symbol text, in_interval text, as_of timestamptz, mode text DEFAULT 'split',
        from_ts timestamptz DEFAULT NULL, until_ts timestamptz DEFAULT NULL, horizons text[] DEFAULT NULL)
RETURNS TABLE (provider text, symbol text, "interval" text, ts timestamptz, horizon text, close numeric,
               ret float8, log_ret float8, momentum numeric, volatility float8, complete boolean)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    h record;
    i int := 0;
    cols text := '';
    windows text := '';
    unpivot text := '';
BEGIN
    PERFORM adjustment_mode(mode, as_of);
    IF horizons IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(horizons) n
            WHERE n NOT IN (SELECT name FROM research_horizons)) THEN
        RAISE EXCEPTION 'unknown horizon in % (research_horizons has %)', horizons,
            (SELECT string_agg(name, ', ' ORDER BY name) FROM research_horizons)
            USING ERRCODE = 'invalid_parameter_value', COLUMN = 'horizons';
    END IF;
    -- One scan of the bars: a pair of windows per horizon (frame offsets must be constants, hence dynamic SQL),
    -- then one row per horizon.
    FOR h IN SELECT * FROM research_horizons r WHERE horizons IS NULL OR r.name = ANY(horizons) ORDER BY r.name LOOP
        i := i + 1;
        IF h.bars IS NOT NULL THEN
            windows := windows || format(', r%1$s AS (w ROWS BETWEEN %2$s PRECEDING AND CURRENT ROW),'
                || ' v%1$s AS (w ROWS BETWEEN %3$s PRECEDING AND CURRENT ROW)', i, h.bars, h.bars - 1);
            cols := cols || format(', CASE WHEN count(*) OVER r%1$s = %2$s THEN first_value(b.close) OVER r%1$s END'
                || ' AS base%1$s, %3$s AS vol%1$s, count(*) OVER r%1$s = %2$s AS full%1$s',
                i, h.bars + 1, CASE WHEN h.bars >= 2 THEN format('stddev_samp(b.lr) OVER v%s', i) ELSE 'NULL::float8' END);
        ELSE
            windows := windows || format(', r%1$s AS (w RANGE BETWEEN interval %2$L PRECEDING'
                || ' AND interval ''1 microsecond'' PRECEDING),'
                || ' v%1$s AS (w RANGE BETWEEN interval %3$L PRECEDING AND CURRENT ROW)',
                i, h.seconds || ' seconds', h.seconds || ' seconds -1 microsecond');
            cols := cols || format(', first_value(b.close) OVER r%1$s AS base%1$s, stddev_samp(b.lr) OVER v%1$s'
                || ' AS vol%1$s, coalesce(min(b.ts) OVER r%1$s = b.ts - interval %2$L, false) AS full%1$s',
                i, h.seconds || ' seconds');
        END IF;
        unpivot := unpivot || CASE WHEN i > 1 THEN ', ' ELSE '' END
            || format('(%L, x.base%2$s, x.vol%2$s, x.full%2$s)', h.name, i);
    END LOOP;
    IF i = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE format($q$
        WITH b AS (
            SELECT b.provider, b.symbol, b."interval", b.ts, b.close,
                CASE WHEN b.close > 0 AND lag(b.close) OVER w > 0 THEN ln(b.close / lag(b.close) OVER w)::float8 END
                    AS lr
            FROM bars_as_of($1, $2, $3, $4) b
            WHERE b.close IS NOT NULL AND ($6::timestamptz IS NULL OR b.ts < $6)
            WINDOW w AS (PARTITION BY b.provider ORDER BY b.ts)),
        x AS (
            SELECT b.provider, b.symbol, b."interval", b.ts, b.close %s
            FROM b
            WINDOW w AS (PARTITION BY b.provider ORDER BY b.ts) %s)
        SELECT x.provider, x.symbol, x."interval", x.ts, v.horizon, x.close,
            (x.close / nullif(v.base, 0) - 1)::float8,
            CASE WHEN x.close > 0 AND v.base > 0 THEN ln(x.close / v.base)::float8 END,
            x.close - v.base, v.vol, v.complete
        FROM x CROSS JOIN LATERAL (VALUES %s) v(horizon, base, vol, complete)
        WHERE $5::timestamptz IS NULL OR x.ts >= $5
        ORDER BY x.ts, x.provider, v.horizon$q$, cols, windows, unpivot)
        USING in_symbol, in_interval, as_of, mode, from_ts, until_ts;
END
$$;

/*
 daily_bars_as_of(in_symbol, as_of, mode, source_interval): daily OHLCV per provider and trading date (ts in
 exchange_zone, as adjusted_bars counts it), aggregated from the source interval's bars as known at as_of in mode:
 open of the first bar with an open, close of the last with a close, high/low the extremes, volume and trade_count
 summed, vwap volume-weighted over the bars that have one; bars = how many source bars the day has.
*/
CREATE FUNCTION daily_bars_as_of(in_symbol text, as_of timestamptz, mode text DEFAULT 'split',
        source_interval text DEFAULT '1m')
RETURNS TABLE (provider text, symbol text, trading_date date, open numeric, high numeric, low numeric,
               close numeric, volume numeric, vwap numeric, trade_count bigint, bars bigint)
LANGUAGE sql STABLE AS $$
SELECT b.provider, in_symbol, (b.ts AT TIME ZONE exchange_zone(b.recorded_symbol))::date AS d,
    (array_agg(b.open ORDER BY b.ts) FILTER (WHERE b.open IS NOT NULL))[1],
    max(b.high), min(b.low),
    (array_agg(b.close ORDER BY b.ts DESC) FILTER (WHERE b.close IS NOT NULL))[1],
    sum(b.volume),
    sum(b.vwap * b.volume) FILTER (WHERE b.vwap IS NOT NULL)
        / nullif(sum(b.volume) FILTER (WHERE b.vwap IS NOT NULL), 0),
    sum(b.trade_count)::bigint, count(*)
FROM bars_as_of(in_symbol, source_interval, as_of, mode) b
GROUP BY b.provider, d
ORDER BY d, b.provider
$$;
