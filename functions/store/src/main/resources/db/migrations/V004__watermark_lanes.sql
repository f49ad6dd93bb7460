-- A watermark per (provider, lane) instead of per provider (docs/reliability.md, finding 8). A lane is the broker
-- partition the indicator's input came through ('' over HTTP, where the broker has already merged the partitions).
-- The provider's watermark is the minimum over its lanes, so the backlog of one partition (after an outage, or a
-- partition drained before another) can no longer close windows that another partition's trades have not reached.
ALTER TABLE watermarks ADD COLUMN lane text NOT NULL DEFAULT '';
ALTER TABLE watermarks DROP CONSTRAINT watermarks_pkey;
ALTER TABLE watermarks ADD PRIMARY KEY (provider, lane);
