package dev.marketfn.archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Archives raw_events day by day: a provider's UTC day of received_at once it is closed, its events read by
 * (subject, event_id) in batches, each batch split by partition into Parquet objects named by the SHA-256 of their
 * sorted event ids, then each touched partition's manifest, then the day's {@code archived_days} row. That row is the
 * durable cursor: a run that fails (store unreachable, crash) leaves the day unmarked and the next run does it again
 * from its first event; its batches are the same, so the objects already written are found by name and not written
 * again. Nothing in the hot path waits for the archive.
 */
public final class Archiver {
    static final Comparator<ArchivedEvent> EVENT_ORDER = Comparator.comparing(ArchivedEvent::eventTime)
            .thenComparing(e -> e.raw().eventId());

    /** What one day's archiving did. */
    public record DayResult(String provider, LocalDate day, long events, int objects, int written, long bytes) {
    }

    private final ObjectStore store;
    private final ArchiveRepository repo;
    private final int batchSize;
    private final Path tempDir;
    private final Placement placement = new Placement();
    private final ArchiverStats stats;

    public Archiver(ObjectStore store, ArchiveRepository repo, int batchSize, Path tempDir, ArchiverStats stats) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        this.store = store;
        this.repo = repo;
        this.batchSize = batchSize;
        this.tempDir = tempDir;
        this.stats = stats;
    }

    /** Archives every closed day (received before {@code closedBefore}) not archived yet, oldest first. */
    public List<DayResult> archiveClosedDays(Instant closedBefore, Consumer<DayResult> done) throws SQLException {
        List<DayResult> results = new ArrayList<>();
        for (ArchiveRepository.Day d : repo.unarchivedDays(closedBefore)) {
            DayResult r = archiveDay(d.provider(), d.day());
            results.add(r);
            done.accept(r);
        }
        return results;
    }

    /** Archives one provider's day (again): writes what is missing, marks the day archived. */
    public DayResult archiveDay(String provider, LocalDate day) throws SQLException {
        Map<PartitionKey, List<Manifest.Entry>> entries = new TreeMap<>(Comparator.comparing(PartitionKey::prefix));
        long[] events = {0};
        int[] written = {0};
        long[] bytes = {0};
        repo.events(provider, day, batchSize, batch -> {
            Map<PartitionKey, List<ArchivedEvent>> parts = new TreeMap<>(Comparator.comparing(PartitionKey::prefix));
            for (RawEvent e : batch) {
                ArchivedEvent a = placement.place(e);
                parts.computeIfAbsent(a.partition(), k -> new ArrayList<>()).add(a);
            }
            parts.forEach((p, list) -> {
                list.sort(EVENT_ORDER);
                byte[] parquet = ParquetFiles.write(list, tempDir);
                String name = objectName(list);
                String key = p.prefix() + name;
                if (!store.exists(key)) {
                    store.put(key, parquet);
                    written[0]++;
                    bytes[0] += parquet.length;
                }
                entries.computeIfAbsent(p, k -> new ArrayList<>()).add(new Manifest.Entry(name, list.size(),
                        parquet.length, sha256(parquet), list.get(0).eventTime().toString(),
                        list.get(list.size() - 1).eventTime().toString(), day.toString()));
            });
            events[0] += batch.size();
        });
        int objects = 0;
        for (var e : entries.entrySet()) {
            String key = e.getKey().prefix() + Manifest.NAME;
            byte[] old = store.get(key).orElse(null);
            Manifest m = (old == null ? Manifest.empty(e.getKey()) : Manifest.parse(old)).with(e.getValue());
            byte[] updated = m.toBytes();
            if (old == null || !java.util.Arrays.equals(old, updated)) {
                store.put(key, updated);
            }
            objects += e.getValue().size();
        }
        repo.markArchived(provider, day, events[0], objects);
        stats.archived(events[0], written[0], bytes[0]);
        return new DayResult(provider, day, events[0], objects, written[0], bytes[0]);
    }

    /** {@code part-<first 32 hex digits of the SHA-256 of the sorted event ids>.parquet}. */
    static String objectName(List<ArchivedEvent> events) {
        List<String> ids = new ArrayList<>(events.stream().map(e -> e.raw().eventId()).toList());
        ids.sort(null);
        return "part-" + sha256(String.join("\n", ids).getBytes(StandardCharsets.UTF_8)).substring(0, 32) + ".parquet";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
