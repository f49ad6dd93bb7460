package dev.marketfn.reliability;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.RejectReason;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Sends a corpus through one door and judges every answer and every stored rejection. */
final class CorpusRun {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> REASONS = reasons();

    /** Per entry: what was wrong (empty list = as required). */
    final Map<Corpus.Entry, List<String>> failures = new java.util.LinkedHashMap<>();
    final Map<String, Integer> statuses = new TreeMap<>();
    final Map<String, Integer> reasons = new TreeMap<>();
    /** Rejections whose stored payload is not the bytes received (docs/contract/errors.md "stores it with the raw bytes"). */
    final List<String> notVerbatim = new ArrayList<>();
    int sent;
    long slowestMs;

    private static Set<String> reasons() {
        Set<String> s = new java.util.HashSet<>();
        for (Field f : RejectReason.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    s.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return s;
    }

    void fail(Corpus.Entry e, String why) {
        failures.computeIfAbsent(e, k -> new ArrayList<>()).add(why);
    }

    /** A reply as seen by the test: status, CloudEvent type and id of the reply, its data. */
    record Answer(int status, String contentType, String type, String id, JsonNode data, String body) {
    }

    // ---------------------------------------------------------------- HTTP

    /**
     * Writes the entry's headers by hand, not through the codec: the corpus is malformed on purpose (missing or
     * invalid attributes, wrong content types), and the codec writes only valid events.
     */
    static Answer post(HttpClient http, int port, Corpus.Entry e) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(e.body()));
        if (e.mode() == Corpus.Mode.BINARY) {
            e.attrs().forEach((k, v) -> req.header("ce-" + k, v));
        }
        if (e.contentType() != null) {
            req.header("Content-Type", e.contentType());
        }
        HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        String ct = r.headers().firstValue("content-type").orElse("");
        String body = new String(r.body(), StandardCharsets.UTF_8);
        // the reply, in whichever content mode, read by the codec; a problem body (no CloudEvent) keeps its JSON
        Decoded reply = CloudEventCodec.fromHttp(r.headers(), r.body());
        JsonNode data = reply.isCloudEvent() && reply.data() != null
                ? tree(new String(reply.data(), StandardCharsets.UTF_8)) : tree(body);
        return new Answer(r.statusCode(), ct, reply.type(), reply.attribute("id"), data, body);
    }

    static JsonNode tree(String s) {
        try {
            return s.isEmpty() ? null : JSON.readTree(s);
        } catch (Exception e) {
            return null;
        }
    }

    /** Posts every HTTP-capable entry to the function and checks each answer, then each stored rejection. */
    void viaHttp(Pipeline p, List<Corpus.Entry> corpus) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<Corpus.Entry, Answer> answers = new HashMap<>();
        for (Corpus.Entry e : corpus) {
            if (!e.httpOk()) {
                continue;
            }
            long t0 = System.nanoTime();
            Answer a;
            try {
                a = post(http, p.child("normalize").port(), e);
            } catch (Exception ex) {
                fail(e, "no answer: " + ex);
                if (!p.child("normalize").process().isAlive()) {
                    fail(e, "normalize died");
                    return;
                }
                continue;
            }
            sent++;
            slowestMs = Math.max(slowestMs, (System.nanoTime() - t0) / 1_000_000);
            statuses.merge(a.status() + (a.type() == null ? "" : " " + a.type().replace("dev.marketfn.", "")), 1,
                    Integer::sum);
            answers.put(e, a);
            judgeAnswer(e, a);
        }
        try (Connection c = p.connect()) {
            for (var entry : answers.entrySet()) {
                Corpus.Entry e = entry.getKey();
                Answer a = entry.getValue();
                if (!"dev.marketfn.rejected.v1".equals(a.type())) {
                    continue;
                }
                Stored s = byRejectionId(c, a.id());
                if (s == null) {
                    fail(e, "answered rejected (" + a.id() + ") but no rejected_events row");
                    continue;
                }
                reasons.merge(s.reason(), 1, Integer::sum);
                if (s.reason() == null || !REASONS.contains(s.reason())) {
                    fail(e, "stored reason '" + s.reason() + "' is not a reject reason");
                }
                if (e.mode() == Corpus.Mode.BINARY && !java.util.Arrays.equals(s.payload(), e.body())) {
                    if (e.id() == null || e.id().isBlank()) {
                        // an id-less rejection holding another input's bytes: this input's bytes were not stored
                        fail(e, "its raw bytes were not stored: rejection " + s.rejectionId() + " holds "
                                + (s.payload() == null ? "null" : s.payload().length + " other bytes"));
                    } else {
                        notVerbatim.add(e + ": stored " + (s.payload() == null ? "null" : s.payload().length + " bytes")
                                + " for " + e.body().length + " received");
                    }
                }
            }
        }
    }

    private void judgeAnswer(Corpus.Entry e, Answer a) {
        if (a.status() >= 500) {
            fail(e, "HTTP " + a.status() + " (the broker would retry it): " + Corpus.abbreviate(a.body()));
            return;
        }
        switch (e.expect()) {
            case REJECT -> {
                if (a.status() / 100 != 2 || !"dev.marketfn.rejected.v1".equals(a.type())) {
                    fail(e, "expected 2xx rejected.v1, got " + a.status() + " " + a.type() + " "
                            + Corpus.abbreviate(a.body()));
                } else if (a.data() == null || a.data().path("reason").asText("").isEmpty()
                        || !a.data().has("field") || !a.data().has("detail") || !a.data().has("input_id")
                        || !a.data().has("input_type")) {
                    fail(e, "rejected.v1 data lacks {reason, field, detail, input_id, input_type}: " + a.body());
                } else if (e.id() != null && !e.id().isBlank() && e.mode() == Corpus.Mode.BINARY
                        && !e.id().equals(a.data().path("input_id").asText())) {
                    fail(e, "input_id " + a.data().path("input_id") + " is not the input's id");
                }
            }
            case REJECT_DOWNSTREAM, ANY_2XX -> {
                if (a.status() / 100 != 2) {
                    fail(e, "expected 2xx, got " + a.status() + " " + Corpus.abbreviate(a.body()));
                }
            }
            case REJECT_OR_PROBLEM -> {
                boolean rejected = a.status() / 100 == 2 && "dev.marketfn.rejected.v1".equals(a.type());
                boolean problem = a.status() / 100 == 4 && a.contentType().startsWith("application/problem+json");
                if (!rejected && !problem) {
                    fail(e, "expected 2xx rejected.v1 or a 4xx problem, got " + a.status() + " " + a.type() + " "
                            + Corpus.abbreviate(a.body()));
                }
            }
            case PROBLEM -> {
                if (a.status() / 100 != 4 || !a.contentType().startsWith("application/problem+json")
                        || tree(a.body()) == null || !tree(a.body()).has("status")) {
                    fail(e, "expected 4xx application/problem+json, got " + a.status() + " " + a.contentType() + " "
                            + Corpus.abbreviate(a.body()));
                }
            }
        }
    }

    record Stored(String rejectionId, String function, String reason, String inputId, byte[] payload) {
    }

    static Stored byRejectionId(Connection c, String id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT rejection_id, function, reason, input_id, payload FROM rejected_events WHERE rejection_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBytes(5)) : null;
            }
        }
    }

    // ---------------------------------------------------------------- Kafka

    static ProducerRecord<String, byte[]> toKafka(String topic, Corpus.Entry e) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, e.attrs().get("partitionkey"), e.body());
        e.attrs().forEach((k, v) -> {
            if (!e.rawHeaders().containsKey(k)) {
                r.headers().add(new RecordHeader("ce_" + k, v.getBytes(StandardCharsets.UTF_8)));
            }
        });
        e.rawHeaders().forEach((k, v) -> r.headers().add(new RecordHeader("ce_" + k, v)));
        if (e.contentType() != null) {
            r.headers().add(new RecordHeader("content-type", e.contentType().getBytes(StandardCharsets.UTF_8)));
        }
        return r;
    }

    /**
     * Checks, after the topic drained, that every Kafka entry was stored as rejected: by normalize under its own id, or
     * (REJECT_DOWNSTREAM) by quality-check under the id of the normalized event derived from it; id-less entries by
     * their raw bytes.
     */
    void judgeKafka(Pipeline p, List<Corpus.Entry> sentEntries) throws Exception {
        Map<String, List<String[]>> byInput = new HashMap<>();
        Map<String, List<String>> idlessByPayload = new HashMap<>();
        try (Connection c = p.connect(); var st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT input_id, function, reason, md5(payload) FROM rejected_events")) {
            while (rs.next()) {
                String in = rs.getString(1);
                if (in == null || in.isBlank()) {
                    idlessByPayload.computeIfAbsent(rs.getString(4), k -> new ArrayList<>()).add(rs.getString(3));
                } else {
                    byInput.computeIfAbsent(in, k -> new ArrayList<>()).add(new String[] {rs.getString(2),
                            rs.getString(3)});
                }
            }
        }
        for (Corpus.Entry e : sentEntries) {
            sent++;
            List<String[]> rows = null;
            String id = e.rawHeaders().containsKey("id")
                    ? new String(e.rawHeaders().get("id"), StandardCharsets.UTF_8) : e.id();
            if (id == null || id.isBlank()) {
                List<String> r = idlessByPayload.get(md5(e.body()));
                if (r == null) {
                    fail(e, "id-less event: no rejected_events row holds its raw bytes");
                } else {
                    r.forEach(x -> reasons.merge(x, 1, Integer::sum));
                }
                continue;
            }
            // the store writes U+0000 of outside text as the six characters \u0000 (PostgreSQL text cannot hold it)
            id = id.replace("\u0000", "\\u0000");
            rows = byInput.get(id);
            if (rows == null && e.expect() != Corpus.Expect.REJECT) {
                rows = byInput.get(EventIds.derive(id, "normalize"));
            }
            if (rows == null) {
                if (e.expect() != Corpus.Expect.ANY_2XX) {
                    fail(e, "not stored as rejected (no rejected_events row for input " + id + " or its normalized event)");
                }
                continue;
            }
            for (String[] r : rows) {
                reasons.merge(r[1], 1, Integer::sum);
                if (!REASONS.contains(r[1])) {
                    fail(e, "stored reason '" + r[1] + "' is not a reject reason");
                }
            }
        }
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    String summary() {
        long bad = failures.size();
        return String.format("%d sent, %d as required, %d not%n  answers %s%n  stored reasons %s%n  slowest answer %d ms",
                sent, sent - bad, bad, statuses, reasons, slowestMs)
                + (notVerbatim.isEmpty() ? "" : String.format("%n  observation: %d rejections store a re-serialization "
                        + "of the data instead of the bytes received (HTTP binary mode), e.g. %s", notVerbatim.size(),
                        notVerbatim.get(0)));
    }

    void writeReport(java.nio.file.Path file) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        // labels may hold lone surrogates: written with replacement characters
        java.nio.file.Files.write(file, (summary() + "\n\nNot as required:\n" + failureReport(Integer.MAX_VALUE)
                + "\nRaw bytes not verbatim:\n  " + String.join("\n  ", notVerbatim) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    String failureReport(int max) {
        Map<String, List<String>> byCategory = new TreeMap<>();
        failures.forEach((e, why) -> byCategory.computeIfAbsent(e.category(), k -> new ArrayList<>())
                .add(e + ": " + String.join("; ", why)));
        StringBuilder sb = new StringBuilder();
        byCategory.forEach((cat, list) -> {
            sb.append(String.format("  %s: %d%n", cat, list.size()));
            list.stream().limit(max).forEach(l -> sb.append("    ").append(l).append('\n'));
        });
        return sb.toString();
    }

    static Map<String, Long> categories(List<Corpus.Entry> corpus) {
        return corpus.stream().collect(Collectors.groupingBy(Corpus.Entry::category, TreeMap::new, Collectors.counting()));
    }
}
