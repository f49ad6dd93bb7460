package dev.marketfn.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partition's {@code _manifest.json}: every object the archiver wrote into it, with its event count, size,
 * SHA-256 and event-time range. Objects are listed by name, so the same objects always give the same manifest; a
 * re-archive merges by name and writes nothing new. Readers that glob {@code *.parquet} never see it (Spark and Hive
 * also skip names starting with {@code _}).
 */
public record Manifest(@JsonProperty("format") String format, @JsonProperty("provider") String provider,
        @JsonProperty("date") String date, @JsonProperty("symbol") String symbol,
        @JsonProperty("objects") List<Entry> objects) {
    public static final String NAME = "_manifest.json";
    public static final String FORMAT = "marketfn-raw-archive/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One object of the partition. {@code receivedDay}: the UTC day of received_at its events were archived with. */
    public record Entry(@JsonProperty("name") String name, @JsonProperty("events") long events,
            @JsonProperty("bytes") long bytes, @JsonProperty("sha256") String sha256,
            @JsonProperty("min_event_time") String minEventTime, @JsonProperty("max_event_time") String maxEventTime,
            @JsonProperty("received_day") String receivedDay) {
    }

    public static Manifest empty(PartitionKey p) {
        return new Manifest(FORMAT, p.provider(), p.date().toString(), p.symbol(), List.of());
    }

    /** This manifest with the entries added (an entry of the same name replaced). */
    public Manifest with(List<Entry> added) {
        Map<String, Entry> byName = new TreeMap<>();
        objects.forEach(e -> byName.put(e.name(), e));
        added.forEach(e -> byName.put(e.name(), e));
        return new Manifest(format, provider, date, symbol,
                byName.values().stream().sorted(Comparator.comparing(Entry::name)).toList());
    }

    public Entry entry(String name) {
        return objects.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws {@link ParquetFiles.UnreadableFileException} when the bytes are no manifest of this format. */
    public static Manifest parse(byte[] bytes) {
        try {
            Manifest m = JSON.readValue(bytes, Manifest.class);
            if (!FORMAT.equals(m.format()) || m.objects() == null) {
                throw new ParquetFiles.UnreadableFileException("not a " + FORMAT + " manifest");
            }
            return m;
        } catch (IOException e) {
            throw new ParquetFiles.UnreadableFileException("manifest is not JSON: " + e.getMessage());
        }
    }
}
