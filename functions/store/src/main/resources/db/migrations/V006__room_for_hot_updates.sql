-- Room on each page for the row's next version (docs/performance.md, "HOT updates"). quality-check updates every
-- tick once, shortly after normalize inserted it, and in the same transaction as the other ticks of its page. On a
-- full page the new version goes to another page and both of the table's indexes get an entry for it; with room on
-- the same page it is a heap-only (HOT) update: no index entry, less WAL. A tick with its quality is about 1.5 times
-- its size without, so a page filled to 40 % keeps room for every row's quality; pruning reclaims the old versions.
-- function_state rows (serialized series states, rewritten on every run) get the same room. Only pages written from
-- now on are affected.
ALTER TABLE ticks SET (fillfactor = 40);
ALTER TABLE function_state SET (fillfactor = 50);
