-- Prints the ./marketfn post command that replays one dead letter with its original type, source, id, subject and
-- extensions (Knative's knativeerror* left out); see docs/dead-letter.md. Values are single-quoted for a POSIX
-- shell. Prints an empty line when no dead letter has that id.
--   psql "$PG_URL" -At -v id=<rejection_id> -v url=http://localhost:8080/marketfn/marketfn \
--        -f functions/dead-letter/replay-command.sql
WITH dl AS (
    SELECT rejection_id, input_id, input_type, detail::jsonb -> 'attributes' AS a
    FROM rejected_events
    WHERE function = 'dead-letter' AND reason = 'DEAD_LETTER' AND rejection_id = :'id'
), args AS (
    SELECT 1 AS ord, '--url' AS opt, :'url' AS val FROM dl
    UNION ALL SELECT 2, '--type', input_type FROM dl
    UNION ALL SELECT 3, '--source', a ->> 'source' FROM dl
    UNION ALL SELECT 4, '--id', input_id FROM dl
    UNION ALL SELECT 5, '--subject', a ->> 'subject' FROM dl
    UNION ALL SELECT 6, '--ext', e.key || '=' || e.value FROM dl, jsonb_each_text(dl.a) e
        WHERE e.key NOT IN ('specversion', 'id', 'source', 'type', 'subject', 'time', 'dataschema', 'datacontenttype')
          AND e.key NOT LIKE 'knativeerror%'
    UNION ALL SELECT 7, '--data', rejection_id || '.data' FROM dl
)
SELECT './marketfn post' || string_agg(' ' || opt || ' ''' || replace(val, '''', '''\''''') || '''', '' ORDER BY ord, val)
FROM args
WHERE val IS NOT NULL;
