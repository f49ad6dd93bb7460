package dev.marketfn.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a provider's archived raw events back in event-time order (event_time, then event_id), for replay. Date
 * partitions are read one after another (a date's events all have their event time in that date), so order is global
 * while only one date is held in memory. A file that is not a raw archive object of its partition (not
 * {@code .parquet}, not Parquet, another schema, or bytes whose SHA-256 is not the manifest's) is skipped and named
 * in {@link Result#skipped()}; an event id seen twice is replayed once.
 */
public final class ArchiveReader {
    /** A file left out, and why. */
    public record Skipped(String key, String reason) {
    }

    /** Events in replay order, the number of objects read, the files skipped. */
    public record Result(List<ArchivedEvent> events, int objects, List<Skipped> skipped) {
    }

    private final ObjectStore store;
    private final Path tempDir;

    public ArchiveReader(ObjectStore store, Path tempDir) {
        this.store = store;
        this.tempDir = tempDir;
    }

    /**
     * The provider's events with event time in [from, until) (null = unbounded); {@code symbols} empty = all, else
     * events whose partition symbol or any record's symbol is one of them.
     */
    public Result read(String provider, Set<String> symbols, Instant from, Instant until) {
        LocalDate first = from == null ? null : from.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = until == null ? null : until.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        List<Skipped> skipped = new ArrayList<>();
        Map<LocalDate, List<PartitionKey.Located>> byDate = new TreeMap<>();
        for (String key : store.list(PartitionKey.providerPrefix(provider))) {
            Optional<PartitionKey.Located> at = PartitionKey.locate(key);
            if (at.isEmpty() || !at.get().partition().provider().equals(provider)) {
                skipped.add(new Skipped(key, "foreign file: not inside a provider=/date=/symbol= partition"));
                continue;
            }
            LocalDate d = at.get().partition().date();
            if ((first == null || !d.isBefore(first)) && (last == null || !d.isAfter(last))) {
                byDate.computeIfAbsent(d, k -> new ArrayList<>()).add(at.get());
            }
        }
        List<ArchivedEvent> events = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int objects = 0;
        for (List<PartitionKey.Located> files : byDate.values()) {
            List<ArchivedEvent> day = new ArrayList<>();
            Map<PartitionKey, Manifest> manifests = new HashMap<>();
            for (PartitionKey.Located f : files) {
                PartitionKey p = f.partition();
                String key = p.prefix() + f.name();
                if (f.name().equals(Manifest.NAME)) {
                    continue;
                }
                if (!f.name().endsWith(".parquet")) {
                    skipped.add(new Skipped(key, "foreign file: not a .parquet object"));
                    continue;
                }
                byte[] bytes = store.get(key).orElse(null);
                if (bytes == null) {
                    continue; // gone since the listing
                }
                Manifest m = manifests.computeIfAbsent(p, k -> manifest(k, skipped));
                Manifest.Entry entry = m == null ? null : m.entry(f.name());
                if (entry != null && !entry.sha256().equals(Archiver.sha256(bytes))) {
                    skipped.add(new Skipped(key, "corrupt: its SHA-256 is not the one in " + p.prefix() + Manifest.NAME));
                    continue;
                }
                try {
                    for (ArchivedEvent e : ParquetFiles.read(bytes, p.provider(), p.symbol(), from, until, tempDir)) {
                        if (wanted(e, symbols)) {
                            day.add(e);
                        }
                    }
                    objects++;
                } catch (ParquetFiles.UnreadableFileException e) {
                    skipped.add(new Skipped(key, e.getMessage()));
                }
            }
            day.sort(Archiver.EVENT_ORDER);
            for (ArchivedEvent e : day) {
                if (seen.add(e.raw().eventId())) {
                    events.add(e);
                }
            }
        }
        return new Result(events, objects, skipped);
    }

    private Manifest manifest(PartitionKey p, List<Skipped> skipped) {
        String key = p.prefix() + Manifest.NAME;
        try {
            return store.get(key).map(Manifest::parse).orElse(null);
        } catch (ParquetFiles.UnreadableFileException e) {
            skipped.add(new Skipped(key, e.getMessage() + " (its partition's objects are read unchecked)"));
            return null;
        }
    }

    private static boolean wanted(ArchivedEvent e, Set<String> symbols) {
        if (symbols.isEmpty() || symbols.contains(e.symbol())) {
            return true;
        }
        for (String s : e.symbols().split(",")) {
            if (symbols.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
