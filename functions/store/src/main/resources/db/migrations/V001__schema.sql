-- marketfn schema v1 (docs/contract/storage.md). Natural keys everywhere: every write is an idempotent upsert.

-- Raw layer: the provider's message verbatim, append-only, keyed by the raw CloudEvent id.
CREATE TABLE raw_events (
    event_id     text PRIMARY KEY,
    provider     text NOT NULL,
    ce_type      text NOT NULL,
    ce_source    text NOT NULL,
    subject      text,
    content_type text,
    payload      bytea NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);

-- Instrument reference data (enrichment of canonical records); loadable from CSV.
CREATE TABLE instruments (
    symbol       text PRIMARY KEY,
    exchange_mic text,
    asset_class  text,
    currency     text,
    isin         text,
    name         text
);

-- Canonical records (normalized; quality added by quality-check).
CREATE TABLE ticks (
    event_id        text PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('trade', 'quote', 'bar')),
    provider        text NOT NULL,
    symbol          text NOT NULL,
    asset_class     text,
    exchange        text,
    currency        text,
    isin            text,
    ts              timestamptz NOT NULL,
    ingest_ts       timestamptz,
    seq             bigint NOT NULL,
    price           numeric,
    size            numeric,
    bid             numeric,
    ask             numeric,
    bid_size        numeric,
    ask_size        numeric,
    "interval"      text,
    open            numeric,
    high            numeric,
    low             numeric,
    close           numeric,
    volume          numeric,
    vwap            numeric,
    trade_count     bigint,
    conditions      text[] NOT NULL DEFAULT '{}',
    sets_last_price boolean,
    quality         jsonb,
    raw_event_id    text,
    produced_by     text NOT NULL,
    schema_version  int NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticks_symbol_ts ON ticks (symbol, ts);

-- OHLCV bars. pv_sum/open_*/close_* make the merge of trades commutative (docs/bars.md).
CREATE TABLE bars_ohlcv (
    provider     text NOT NULL,
    symbol       text NOT NULL,
    "interval"   text NOT NULL,
    ts           timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    open         numeric,
    high         numeric,
    low          numeric,
    close        numeric,
    volume       numeric NOT NULL DEFAULT 0,
    vwap         numeric,
    trade_count  bigint NOT NULL DEFAULT 0,
    pv_sum       numeric NOT NULL DEFAULT 0,
    open_ts      timestamptz,
    open_seq     bigint,
    open_event   text,
    close_ts     timestamptz,
    close_seq    bigint,
    close_event  text,
    origin       text NOT NULL DEFAULT 'ticks' CHECK (origin IN ('ticks', 'given')),
    emitted_at   timestamptz,
    revised      boolean NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, symbol, "interval", ts)
);

-- Which trade counted in which bar: the guard that makes every distinct trade count exactly once.
CREATE TABLE bar_trades (
    "interval" text NOT NULL,
    event_id   text NOT NULL,
    provider   text NOT NULL,
    symbol     text NOT NULL,
    bar_ts     timestamptz NOT NULL,
    PRIMARY KEY ("interval", event_id)
);

-- Trades that arrived after their bar was emitted: they revised the stored bar and are reported here.
CREATE TABLE late_trades (
    "interval" text NOT NULL,
    event_id   text NOT NULL,
    provider   text NOT NULL,
    symbol     text NOT NULL,
    bar_ts     timestamptz NOT NULL,
    arrived_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY ("interval", event_id)
);

-- Per-provider event-time watermark (max event time seen).
CREATE TABLE watermarks (
    provider     text PRIMARY KEY,
    max_event_ts timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rejected_events (
    rejection_id text PRIMARY KEY,
    function     text NOT NULL,
    reason       text NOT NULL,
    field        text,
    detail       text,
    input_id     text,
    input_type   text,
    payload      bytea,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE quality_alerts (
    alert_id    text PRIMARY KEY,
    alert_type  text NOT NULL,
    severity    text NOT NULL,
    provider    text,
    symbol      text,
    ts          timestamptz,
    event_id    text,
    detail      text,
    "values"    jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Corporate actions: a correction is a new version, never an overwrite (point-in-time history).
CREATE TABLE corporate_actions (
    action_id    text NOT NULL,
    version      int NOT NULL,
    symbol       text NOT NULL,
    type         text NOT NULL,
    ratio        numeric,
    amount       numeric,
    currency     text,
    ex_date      date NOT NULL,
    record_date  date,
    pay_date     date,
    new_symbol   text,
    known_at     timestamptz NOT NULL,
    payload      jsonb NOT NULL,
    PRIMARY KEY (action_id, version)
);
CREATE INDEX corporate_actions_symbol ON corporate_actions (symbol, ex_date);

CREATE TABLE adjustment_factors (
    action_id     text NOT NULL,
    version       int NOT NULL,
    symbol        text NOT NULL,
    type          text NOT NULL,
    ex_date       date NOT NULL,
    known_at      timestamptz NOT NULL,
    price_factor  numeric NOT NULL,
    volume_factor numeric NOT NULL,
    prev_close    numeric,
    PRIMARY KEY (action_id, version)
);
CREATE INDEX adjustment_factors_symbol ON adjustment_factors (symbol, ex_date);

CREATE TABLE indicator_values (
    provider    text NOT NULL,
    symbol      text NOT NULL,
    "interval"  text NOT NULL,
    ts          timestamptz NOT NULL,
    bar         jsonb NOT NULL,
    "values"    jsonb NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, symbol, "interval", ts)
);

CREATE TABLE signals (
    signal_id   text PRIMARY KEY,
    provider    text NOT NULL,
    symbol      text NOT NULL,
    "interval"  text NOT NULL,
    ts          timestamptz NOT NULL,
    action      text NOT NULL,
    confidence  double precision NOT NULL,
    score       double precision NOT NULL,
    rationale   jsonb NOT NULL,
    model       jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signals_symbol_ts ON signals (symbol, ts);

-- State a stateless function needs between invocations (quality series, indicator engines, rule history).
-- version gives optimistic concurrency between replicas.
CREATE TABLE function_state (
    scope      text NOT NULL,
    key        text NOT NULL,
    state      jsonb NOT NULL,
    version    bigint NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
