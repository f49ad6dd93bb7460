package dev.marketfn.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.QualityAlert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;

/**
 * Carries a partition's run of events on the Kafka door as one record per type instead of one per event
 * (docs/contract/events.md §Carried runs). A stage's tick and alert events of one poll are written as a carrier
 * event: their records in order, and {@code parts} naming each original event (id, record count, trace). The next
 * stage's door splits the carrier back into those events before its handlers see them, so every handler, every id and
 * every table is what it would be had the events travelled one by one, however the run was grouped; what is saved is
 * the per-record cost of every hop (a Kafka record, its headers, its envelope, a fetch, a commit share). At low rates a
 * run is one event and travels as it is; at high rates the carriers grow, up to {@link #MAX_RECORDS} records.
 */
final class RunCoalescer {
    /**
     * The types whose events only carry records to another function. Bars are among them: at live event time every
     * second closes a bar per active series, and one record per symbol was most of alpha-call's cost. Alpha calls keep
     * their per-symbol events: signal sinks filter on their attributes.
     */
    static final Set<String> CARRIERS = Set.of(EventTypes.TICK_NORMALIZED, EventTypes.TICK_CHECKED,
            EventTypes.TICK_ADJUSTED, EventTypes.QUALITY_ALERT, EventTypes.INDICATOR_COMPUTED);
    static final int MAX_RECORDS = 500;
    /** Well under the 1 MiB a function accepts as data and a broker accepts as a record. */
    static final int MAX_BYTES = 512 << 10;
    /** Reads the parts in the middle of the carrier (the mapper's trailing-token check is for whole documents). */
    private static final ObjectReader PARTS_READER = Json.MAPPER.readerFor(new TypeReference<List<Part>>() {
    }).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One event a carrier holds: its id, how many of the carrier's records are its, its trace. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Part(@JsonProperty("id") String id, @JsonProperty("records") int records,
            @JsonProperty("traceparent") String traceparent) {
    }

    /** A carrier's data: {@code {"parts": [...], "records": [...]}}. */
    record Carried(@JsonProperty("parts") List<Part> parts, @JsonProperty("records") List<Object> records) {
    }

    private RunCoalescer() {
    }

    // ------------------------------------------------------------------------------------------- writing carriers

    /**
     * The events to send for a partition's replies: carrier types of more than one event merged into carriers (in the
     * place of the first of them), everything else (rejections, bars, calls, applied actions) as it is.
     */
    static List<OutEvent> coalesce(String function, List<OutEvent> events) {
        Map<String, List<OutEvent>> carried = new LinkedHashMap<>();
        for (OutEvent e : events) {
            String group = group(e);
            if (group != null) {
                carried.computeIfAbsent(group, g -> new ArrayList<>()).add(e);
            }
        }
        carried.values().removeIf(list -> list.size() < 2);
        if (carried.isEmpty()) {
            return events;
        }
        List<OutEvent> out = new ArrayList<>(events.size());
        for (OutEvent e : events) {
            String group = group(e);
            List<OutEvent> run = group == null ? null : carried.get(group);
            if (run == null) {
                out.add(e);
            } else if (run.get(0) == e) {
                out.addAll(carriers(function, run));
            }
        }
        return out;
    }

    /**
     * Events travel together only with events of their type bound for the same partition: a carrier is keyed by its
     * first event's key, so every event in it lands where it would have landed alone (the topology's topics have
     * {@link KafkaTopics#PARTITIONS} partitions; Kafka's default partitioner hashes the key). Null for an event that
     * travels alone.
     */
    private static String group(OutEvent e) {
        if (!CARRIERS.contains(e.type()) || !(e.data() instanceof Batch<?>) || e.partitionKey() == null) {
            return null;
        }
        byte[] key = e.partitionKey().getBytes(StandardCharsets.UTF_8);
        return e.type() + "|" + Utils.toPositive(Utils.murmur2(key)) % KafkaTopics.PARTITIONS;
    }

    /** Whole events only: an event's records never straddle two carriers. */
    private static List<OutEvent> carriers(String function, List<OutEvent> run) {
        List<List<OutEvent>> chunks = new ArrayList<>();
        List<OutEvent> chunk = new ArrayList<>();
        int records = 0;
        for (OutEvent e : run) {
            int n = ((Batch<?>) e.data()).records().size();
            if (!chunk.isEmpty() && records + n > MAX_RECORDS) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                records = 0;
            }
            chunk.add(e);
            records += n;
        }
        chunks.add(chunk);
        List<OutEvent> out = new ArrayList<>();
        for (List<OutEvent> c : chunks) {
            write(function, c, out);
        }
        return out;
    }

    /** One carrier, or two halves when its data would exceed {@link #MAX_BYTES}; a single event goes as it is. */
    private static void write(String function, List<OutEvent> events, List<OutEvent> out) {
        if (events.size() == 1) {
            out.add(events.get(0));
            return;
        }
        List<Part> parts = new ArrayList<>(events.size());
        List<Object> records = new ArrayList<>();
        for (OutEvent e : events) {
            List<?> own = ((Batch<?>) e.data()).records();
            parts.add(new Part(e.id(), own.size(), e.extensions().get("traceparent")));
            records.addAll(own);
        }
        byte[] data = Json.bytes(new Carried(parts, records));
        if (data.length > MAX_BYTES) {
            write(function, events.subList(0, events.size() / 2), out);
            write(function, events.subList(events.size() / 2, events.size()), out);
            return;
        }
        OutEvent first = events.get(0);
        // deterministic for a given run: the ids of the events it carries, which derive from the run's inputs
        String id = EventIds.derive(first.id() + ".." + events.get(events.size() - 1).id() + "/" + events.size(),
                function + ":carrier");
        out.add(OutEvent.builder(function, first.type(), id)
                .extension("provider", common(events, "provider"))
                .extension("traceparent", first.extensions().get("traceparent"))
                .symbols(records.stream().map(RunCoalescer::symbolOf).filter(Objects::nonNull).toList())
                .extension("partitionkey", first.partitionKey())
                .data(data));
    }

    private static String common(List<OutEvent> events, String extension) {
        String value = events.get(0).extensions().get(extension);
        for (OutEvent e : events) {
            if (!Objects.equals(value, e.extensions().get(extension))) {
                return null;
            }
        }
        return value;
    }

    private static String symbolOf(Object record) {
        return switch (record) {
            case CanonicalRecord r -> r.symbol();
            case QualityAlert a -> a.symbol();
            case IndicatorComputed b -> b.symbol();
            default -> null;
        };
    }

    // ------------------------------------------------------------------------------------------- reading carriers

    /**
     * The events a carrier holds, each with its own id, trace and records (the bytes as they stand in the carrier);
     * any other event as it is. A carrier whose parts do not add up to its records is left whole: the handler then
     * answers it as one event.
     */
    static List<InEvent> expand(InEvent event) {
        if (event.problem() != null || !CARRIERS.contains(event.type()) || event.data() == null
                || !startsWithParts(event.data())) {
            return List.of(event);
        }
        byte[] data = event.data();
        List<Part> parts = null;
        List<int[]> spans = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(data)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("parts")) {
                    parts = PARTS_READER.readValue(p);
                } else if (name.equals("records") && value == JsonToken.START_ARRAY) {
                    JsonToken t;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                        int start = (int) p.currentTokenLocation().getByteOffset();
                        if (t == JsonToken.VALUE_STRING) {
                            p.getText(); // strings are parsed lazily: consume it so the location is past its end
                        }
                        p.skipChildren();
                        spans.add(new int[] {start, (int) p.currentLocation().getByteOffset()});
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException malformed) {
            return List.of(event);
        }
        if (parts == null || parts.isEmpty() || parts.stream().mapToInt(Part::records).sum() != spans.size()
                || parts.stream().anyMatch(part -> part.records() < 1 || part.id() == null || part.id().isBlank())) {
            return List.of(event);
        }
        List<InEvent> events = new ArrayList<>(parts.size());
        int next = 0;
        for (Part part : parts) {
            ByteArrayOutputStream own = new ByteArrayOutputStream();
            own.writeBytes("{\"records\":[".getBytes(StandardCharsets.UTF_8));
            for (int k = 0; k < part.records(); k++, next++) {
                int[] span = spans.get(next);
                if (k > 0) {
                    own.write(',');
                }
                own.write(data, span[0], span[1] - span[0]);
            }
            own.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
            Map<String, String> extensions = new HashMap<>(event.extensions());
            extensions.remove("symbol"); // the carrier's symbol is that of the whole run
            extensions.remove("traceparent");
            if (part.traceparent() != null) {
                extensions.put("traceparent", part.traceparent());
            }
            events.add(new InEvent(part.id(), event.specVersion(), event.type(), event.source(), null,
                    event.dataContentType(), Map.copyOf(extensions), own.toByteArray(), event.lane()));
        }
        return events;
    }

    /** Carriers are written with {@code parts} first, so other events are told apart without a parse. */
    private static boolean startsWithParts(byte[] data) {
        return data.length > 9 && new String(data, 0, 9, StandardCharsets.UTF_8).equals("{\"parts\":");
    }
}
