-- Jobs the CLI and the platform's services run (replay, archive, backfill, backtest, train): one row per run,
-- so an operator can see what ran, over which arguments, with what result (docs/contract/storage.md).
CREATE TABLE job_runs (
    run_id      uuid PRIMARY KEY,
    kind        text NOT NULL,
    args        jsonb NOT NULL DEFAULT '{}',
    status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    items_in    bigint NOT NULL DEFAULT 0,
    items_out   bigint NOT NULL DEFAULT 0,
    error       text
);
CREATE INDEX job_runs_by_kind ON job_runs (kind, started_at DESC);

-- What the raw archive holds: one row per provider and UTC day (of received_at) once every raw event of that
-- day is in object storage. Retention drops a raw_events day only when this row counts all of its events.
CREATE TABLE archived_days (
    provider    text NOT NULL,
    day         date NOT NULL,
    raw_events  bigint NOT NULL,
    objects     integer NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, day)
);
