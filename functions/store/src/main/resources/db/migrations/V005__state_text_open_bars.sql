-- Two costs the end-to-end benchmark's pg_stat_statements profile showed (docs/performance.md, "PostgreSQL profile").
--
-- 1. The indicator asks, for every group of events, which series of a provider have bars ready to close
--    (emitted_at IS NULL AND window_end <= cutoff). Without an index that is a scan of every bar ever stored; the bars
--    not yet emitted are a small, moving set, so a partial index keeps the question proportional to them.
CREATE INDEX bars_ohlcv_open_windows ON bars_ohlcv (provider, window_end) WHERE emitted_at IS NULL;

-- 2. function_state holds each function's own serialized state (quality series, indicator engines, rule history),
--    read and written whole, never queried inside. As jsonb every write parsed the JSON and every read printed it
--    again (about 0.5 ms per indicator series); as text it is stored and returned as written. Still JSON: cast with
--    state::jsonb to look inside.
ALTER TABLE function_state ALTER COLUMN state TYPE text USING state::text;
