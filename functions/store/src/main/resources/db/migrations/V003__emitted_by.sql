-- Redelivery of an indicator input (docs/reliability.md, finding 7): bars_ohlcv records which input event closed
-- (emitted) each bar, so a redelivery of that same input after a crash between the commit and the send re-emits
-- exactly those bars, under the same derived event ids, from indicator_values. NULL for bars closed before this
-- migration and for bars not closed yet. Like emitted_at, it depends on which input (an event or an idle-flush
-- ping) happened to close the bar, not on the data.
ALTER TABLE bars_ohlcv ADD COLUMN emitted_by text;
CREATE INDEX bars_ohlcv_emitted_by ON bars_ohlcv (emitted_by) WHERE emitted_by IS NOT NULL;
