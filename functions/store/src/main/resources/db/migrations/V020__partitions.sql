-- Time partitions (docs/storage-tiers.md): raw_events, ticks, bar_trades, late_trades and quality_alerts become
-- declarative range partitions per UTC day, with a DEFAULT partition that catches rows of a day that has no partition
-- yet (maintenance moves them into their day's partition, so nothing is lost and no insert fails). Existing rows are
-- moved in place into day partitions.
--
-- A partitioned table's unique key must contain its partition column, so each table's natural key is now the old key
-- plus the time column:
--   ticks        (event_id, ts)                    ts is part of the record an event id is derived from: same id, same ts
--   bar_trades   ("interval", event_id, bar_ts)    bar_ts is the window of the trade's ts: same trade, same bar_ts
--   late_trades  ("interval", event_id, bar_ts)    the same
--   raw_events   (event_id, received_at)           received_at is the arrival time: a redelivery has another one
--   quality_alerts (alert_id, created_at)          created_at likewise (a stale alert's ts is the sweep time, too)
-- For the last two ON CONFLICT alone would store a redelivery again in the partition of its own arrival, so they are
-- written by append_* functions below that look for the id in every partition the retention keeps, under a lock per id.

-- What maintenance does per table: partitioned tables get day partitions ahead_days ahead and lose the day partitions
-- older than retain_days (raw_events only once the archive holds them); the other tables keep rows retain_days by
-- time_column (0 = forever). The functions write their configured policy here at start-up (PartitionMaintenance).
CREATE TABLE retention_policy (
    table_name  text PRIMARY KEY,
    time_column text NOT NULL,
    partitioned boolean NOT NULL,
    ahead_days  int NOT NULL DEFAULT 0 CHECK (ahead_days >= 0),
    retain_days int NOT NULL CHECK (retain_days >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO retention_policy (table_name, time_column, partitioned, ahead_days, retain_days) VALUES
    ('raw_events', 'received_at', true, 3, 7),
    ('ticks', 'ts', true, 3, 30),
    ('bar_trades', 'bar_ts', true, 3, 30),
    ('late_trades', 'bar_ts', true, 3, 30),
    ('quality_alerts', 'created_at', true, 3, 90),
    ('bars_ohlcv', 'ts', false, 0, 0),
    ('indicator_values', 'ts', false, 0, 0),
    ('signals', 'ts', false, 0, 0);

CREATE FUNCTION partition_name(tbl text, day date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT tbl || '_p' || to_char(day, 'YYYYMMDD') $$;

-- The day of a partition named by partition_name, NULL for any other child (the DEFAULT partition).
CREATE FUNCTION partition_day(tbl text, part text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN part ~ ('^' || tbl || '_p[0-9]{8}$') THEN to_date(right(part, 8), 'YYYYMMDD') END
$$;

-- Creates the partition of tbl for the UTC day, moving the day's rows out of the DEFAULT partition first (a partition
-- cannot be attached while the DEFAULT holds rows in its range). The new table is built detached and attached with a
-- CHECK constraint that proves its range, so ATTACH neither scans it nor locks the parent against writes
-- (SHARE UPDATE EXCLUSIVE; only the DEFAULT partition is locked exclusively, briefly). Returns the rows moved, or
-- NULL when the partition already exists.
CREATE FUNCTION partition_create_day(tbl text, day date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    col text;
    part text := partition_name(tbl, day);
    lo timestamptz := day::timestamp AT TIME ZONE 'UTC';
    hi timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
    moved bigint;
BEGIN
    IF to_regclass(quote_ident(part)) IS NOT NULL THEN
        RETURN NULL;
    END IF;
    SELECT time_column INTO STRICT col FROM retention_policy WHERE table_name = tbl AND partitioned;
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)', part, tbl);
    EXECUTE format('WITH m AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM m',
        tbl || '_default', col, col, part) USING lo, hi;
    GET DIAGNOSTICS moved = ROW_COUNT;
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%I >= %L AND %I < %L)', part, part || '_range', col, lo,
        col, hi);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', tbl, part, lo, hi);
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', part, part || '_range');
    RETURN moved;
END
$$;

-- Whether the archive holds every raw event of a raw_events day partition: for each provider in it, archived_days
-- counts at least as many events for that provider and day (docs/contract/storage.md).
CREATE FUNCTION raw_day_archived(day date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM (SELECT provider, count(*) AS n FROM %I GROUP BY provider) p
        WHERE NOT EXISTS (SELECT 1 FROM archived_days a WHERE a.provider = p.provider AND a.day = $1
            AND a.raw_events >= p.n)', partition_name('raw_events', day)) INTO missing USING day;
    RETURN missing = 0;
END
$$;

-- Maintenance of one table at time `at` (one transaction per table; the caller loops): for a partitioned table,
-- adopt the rows the DEFAULT partition caught (days up to the ahead horizon get their partition), create the
-- partitions of today .. today + ahead_days, drop the day partitions older than retain_days (raw_events: only days
-- the archive holds; the others are reported as 'kept'); for another table, delete rows older than retain_days.
-- A lock per table lets replicas run it at once: the second one skips the table. Returns what it did.
CREATE FUNCTION maintain_table(tbl text, at timestamptz DEFAULT now())
RETURNS TABLE (table_name text, day date, action text, rows bigint)
LANGUAGE plpgsql AS $$
DECLARE
    p retention_policy;
    today date := (at AT TIME ZONE 'UTC')::date;
    d date;
    n bigint;
BEGIN
    SELECT * INTO STRICT p FROM retention_policy r WHERE r.table_name = tbl;
    IF NOT pg_try_advisory_xact_lock(1835102837, hashtext(tbl)) THEN
        RETURN;
    END IF;
    -- waiting behind a long query for a table lock would stall every writer queued behind us: give up, retry next run
    PERFORM set_config('lock_timeout', '5s', true);
    table_name := tbl;
    IF NOT p.partitioned THEN
        IF p.retain_days > 0 THEN
            EXECUTE format('DELETE FROM %I WHERE %I < $1', tbl, p.time_column)
                USING (today - p.retain_days)::timestamp AT TIME ZONE 'UTC';
            GET DIAGNOSTICS n = ROW_COUNT;
            day := today - p.retain_days; action := 'deleted'; rows := n;
            RETURN NEXT;
        END IF;
        RETURN;
    END IF;
    FOR d IN EXECUTE format('SELECT DISTINCT (%I AT TIME ZONE ''UTC'')::date FROM %I ORDER BY 1', p.time_column,
            tbl || '_default') LOOP
        IF d <= today + p.ahead_days THEN
            n := partition_create_day(tbl, d);
            day := d; action := 'adopted'; rows := n;
            RETURN NEXT;
        END IF;
    END LOOP;
    FOR d IN SELECT g::date FROM generate_series(today, today + p.ahead_days, interval '1 day') g LOOP
        n := partition_create_day(tbl, d);
        IF n IS NOT NULL THEN
            day := d; action := 'created'; rows := n;
            RETURN NEXT;
        END IF;
    END LOOP;
    IF p.retain_days > 0 THEN
        FOR d IN SELECT partition_day(tbl, c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = tbl::regclass AND partition_day(tbl, c.relname) < today - p.retain_days
                ORDER BY 1 LOOP
            -- no insert may land in the day while it is counted and dropped
            EXECUTE format('LOCK TABLE %I IN SHARE MODE', partition_name(tbl, d));
            IF tbl = 'raw_events' AND NOT raw_day_archived(d) THEN
                EXECUTE format('SELECT count(*) FROM %I', partition_name(tbl, d)) INTO n;
                day := d; action := 'kept'; rows := n;
                RETURN NEXT;
                CONTINUE;
            END IF;
            EXECUTE format('SELECT count(*) FROM %I', partition_name(tbl, d)) INTO n;
            EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', tbl, partition_name(tbl, d));
            EXECUTE format('DROP TABLE %I', partition_name(tbl, d));
            day := d; action := 'dropped'; rows := n;
            RETURN NEXT;
        END LOOP;
    END IF;
END
$$;

-- Moves an unpartitioned table's rows into its new partitioned table: a partition per day the rows have, then one
-- copy (rows of days beyond the ahead horizon land in the DEFAULT partition, as new ones would).
CREATE FUNCTION partition_existing(tbl text, old text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    col text;
    d date;
BEGIN
    SELECT time_column INTO STRICT col FROM retention_policy WHERE table_name = tbl;
    FOR d IN EXECUTE format('SELECT DISTINCT (%I AT TIME ZONE ''UTC'')::date FROM %I', col, old) LOOP
        PERFORM partition_create_day(tbl, d);
    END LOOP;
    EXECUTE format('INSERT INTO %I SELECT * FROM %I', tbl, old);
    EXECUTE format('DROP TABLE %I', old);
END
$$;

ALTER TABLE raw_events RENAME TO raw_events_v1;
ALTER INDEX raw_events_pkey RENAME TO raw_events_v1_pkey;
CREATE TABLE raw_events (LIKE raw_events_v1 INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)
    PARTITION BY RANGE (received_at);
ALTER TABLE raw_events ADD PRIMARY KEY (event_id, received_at);
CREATE TABLE raw_events_default PARTITION OF raw_events DEFAULT;
SELECT partition_existing('raw_events', 'raw_events_v1');

ALTER TABLE ticks RENAME TO ticks_v1;
ALTER INDEX ticks_pkey RENAME TO ticks_v1_pkey;
ALTER INDEX ticks_symbol_ts RENAME TO ticks_v1_symbol_ts;
CREATE TABLE ticks (LIKE ticks_v1 INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) PARTITION BY RANGE (ts);
ALTER TABLE ticks ADD PRIMARY KEY (event_id, ts);
CREATE INDEX ticks_symbol_ts ON ticks (symbol, ts);
CREATE TABLE ticks_default PARTITION OF ticks DEFAULT;
SELECT partition_existing('ticks', 'ticks_v1');

ALTER TABLE bar_trades RENAME TO bar_trades_v1;
ALTER INDEX bar_trades_pkey RENAME TO bar_trades_v1_pkey;
CREATE TABLE bar_trades (LIKE bar_trades_v1 INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)
    PARTITION BY RANGE (bar_ts);
ALTER TABLE bar_trades ADD PRIMARY KEY ("interval", event_id, bar_ts);
CREATE TABLE bar_trades_default PARTITION OF bar_trades DEFAULT;
SELECT partition_existing('bar_trades', 'bar_trades_v1');

ALTER TABLE late_trades RENAME TO late_trades_v1;
ALTER INDEX late_trades_pkey RENAME TO late_trades_v1_pkey;
CREATE TABLE late_trades (LIKE late_trades_v1 INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)
    PARTITION BY RANGE (bar_ts);
ALTER TABLE late_trades ADD PRIMARY KEY ("interval", event_id, bar_ts);
CREATE TABLE late_trades_default PARTITION OF late_trades DEFAULT;
SELECT partition_existing('late_trades', 'late_trades_v1');

ALTER TABLE quality_alerts RENAME TO quality_alerts_v1;
ALTER INDEX quality_alerts_pkey RENAME TO quality_alerts_v1_pkey;
CREATE TABLE quality_alerts (LIKE quality_alerts_v1 INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)
    PARTITION BY RANGE (created_at);
ALTER TABLE quality_alerts ADD PRIMARY KEY (alert_id, created_at);
CREATE TABLE quality_alerts_default PARTITION OF quality_alerts DEFAULT;
SELECT partition_existing('quality_alerts', 'quality_alerts_v1');

-- The window an append looks back for an id: the days the table's retention keeps (all days when it keeps all).
CREATE FUNCTION append_window_start(tbl text) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN retain_days > 0 THEN ((now() AT TIME ZONE 'UTC')::date - retain_days)::timestamp AT TIME ZONE 'UTC'
        ELSE '-infinity' END FROM retention_policy WHERE table_name = tbl
$$;

/*
 raw_events_append: stores each raw event once and returns, per input (ord 1..n), the received_at of its first copy.
 The lookup of an id spans the partitions the retention keeps (pruned to them: [window start, now + 1 day)), so a
 redelivery on another day finds its first copy. Two writers of one id are serialized by a transaction-scoped
 advisory lock per id, taken in key order (no deadlock between batches); each statement of this VOLATILE function
 takes a new snapshot, so the lookup after the lock sees a copy the other writer committed.
*/
CREATE FUNCTION raw_events_append(ids text[], providers text[], types text[], sources text[], subjects text[],
    content_types text[], payloads bytea[])
RETURNS TABLE (ord bigint, received_at timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    since timestamptz := append_window_start('raw_events');
BEGIN
    PERFORM pg_advisory_xact_lock(1918986085, k.h) FROM (SELECT DISTINCT hashtext(i) AS h FROM unnest(ids) i ORDER BY 1) k;
    INSERT INTO raw_events (event_id, provider, ce_type, ce_source, subject, content_type, payload)
    SELECT DISTINCT ON (n.id) n.id, n.provider, n.ce_type, n.ce_source, n.subject, n.content_type, n.payload
    FROM unnest(ids, providers, types, sources, subjects, content_types, payloads) WITH ORDINALITY
        AS n(id, provider, ce_type, ce_source, subject, content_type, payload, ord)
    WHERE NOT EXISTS (SELECT 1 FROM raw_events e WHERE e.event_id = n.id
        AND e.received_at >= since AND e.received_at < now() + interval '1 day')
    ORDER BY n.id, n.ord;
    RETURN QUERY SELECT n.ord, (SELECT min(e.received_at) FROM raw_events e WHERE e.event_id = n.id
            AND e.received_at >= since AND e.received_at < now() + interval '1 day')
        FROM unnest(ids) WITH ORDINALITY AS n(id, ord) ORDER BY n.ord;
END
$$;

-- quality_alerts_append: each alert once (alert ids are deterministic), by the same window and lock as raw events.
CREATE FUNCTION quality_alerts_append(ids text[], types text[], severities text[], providers text[], symbols text[],
    ts timestamptz[], event_ids text[], details text[], vals text[])
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    since timestamptz := append_window_start('quality_alerts');
    n bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(1634497140, k.h) FROM (SELECT DISTINCT hashtext(i) AS h FROM unnest(ids) i ORDER BY 1) k;
    INSERT INTO quality_alerts (alert_id, alert_type, severity, provider, symbol, ts, event_id, detail, "values")
    SELECT DISTINCT ON (a.id) a.id, a.type, a.severity, a.provider, a.symbol, a.ts, a.event_id, a.detail, a.v::jsonb
    FROM unnest(ids, types, severities, providers, symbols, ts, event_ids, details, vals) WITH ORDINALITY
        AS a(id, type, severity, provider, symbol, ts, event_id, detail, v, ord)
    WHERE NOT EXISTS (SELECT 1 FROM quality_alerts q WHERE q.alert_id = a.id
        AND q.created_at >= since AND q.created_at < now() + interval '1 day')
    ORDER BY a.id, a.ord;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- The partitions of today and the ahead days exist from the start (later ones: maintenance). Nothing is dropped
-- here: retention is maintenance's job, after the functions have written their configured policy.
SELECT partition_create_day(p.table_name, g::date) FROM retention_policy p,
    generate_series((now() AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date + p.ahead_days, interval '1 day') g
WHERE p.partitioned;
