package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every CLI command without Kafka: arguments (exit code 2), unreadable files and unreachable servers (1), and replay,
 * synth, post and actions load against an in-test HTTP server standing in for a function. The Kafka paths (replay,
 * synth and actions load to Kafka, tail, stack status of a running stack) are in {@link CliKafkaTest}.
 */
class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        return run(Map.of(), args);
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true), new PrintStream(err, true), env, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String deadUrl() {
        return "http://127.0.0.1:" + Functions.freePort() + "/";
    }

    static HttpStub.Reply accepted(HttpStub.Request r) {
        return HttpStub.Reply.ok("dev.marketfn.tick.normalized.v1", "{\"ok\":true}");
    }

    // ---- general ----

    @Test
    void noCommandOrUnknownOptionIsAUsageError() {
        assertThat(run().code()).isEqualTo(2);
        Run r = run("demo", "--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option");
        assertThat(run("stack").code()).isEqualTo(2);
        assertThat(run("actions").code()).isEqualTo(2);
        assertThat(run("--help").code()).isZero();
    }

    /** Every command and subcommand, as its path of names: a new command is checked without being listed here. */
    static List<List<String>> commandPaths(picocli.CommandLine cl, List<String> path) {
        List<List<String>> all = new ArrayList<>();
        all.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            all.addAll(commandPaths(sub, p));
        });
        return all;
    }

    @Test
    void everyHelpListsTheExitCodesAndDescribesEveryOption() {
        List<List<String>> paths = commandPaths(new picocli.CommandLine(new Main()), List.of());
        assertThat(paths).hasSizeGreaterThanOrEqualTo(15).contains(List.of("stack", "status"), List.of("dead-letters", "replay"));
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run r = run(args.toArray(String[]::new));
            String cmd = String.join(" ", args);
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Exit codes:", "bad arguments", "partly done");
        }
        for (List<String> path : paths) {
            picocli.CommandLine cl = new picocli.CommandLine(new Main());
            for (String name : path) {
                cl = cl.getSubcommands().get(name);
            }
            for (picocli.CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                assertThat(String.join(" ", o.description())).as(path + " " + o.longestName()).isNotBlank();
            }
        }
    }

    @Test
    void aGroupCommandAloneNamesItsCommands() {
        Run r = run("dead-letters");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("dead-letters needs a command: replay");
        assertThat(run().err()).contains("marketfn needs a command: demo, stack, replay");
    }

    // ---- demo (the run itself is ChainTest) ----

    @Test
    void demoFailsClearlyWhenJarsAreMissing(@TempDir Path dir) {
        Run r = run("demo", "--functions-dir", dir.toString(), "--state-dir", dir.resolve("s").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("function jar(s) missing", "normalize", "alpha-call");
        Run fraction = run("demo", "--fraction", "0");
        assertThat(fraction.code()).isEqualTo(2);
        assertThat(fraction.err()).contains("--fraction must be in (0, 1]");
    }

    // ---- replay ----

    static final String ALPACA_LINE = "[{\"T\":\"t\",\"S\":\"AAPL\",\"i\":%d,\"x\":\"V\",\"p\":190.5,\"s\":100,\"t\":\"%s\",\"c\":[\"@\"],\"z\":\"C\"}]";

    @Test
    void replayPostsEveryMessageAsARawEvent(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("trades.jsonl"), String.format(ALPACA_LINE, 1, "2025-06-11T14:00:00Z") + "\n\n"
                + String.format(ALPACA_LINE, 2, "2025-06-11T14:10:00Z") + "\n" + String.format(ALPACA_LINE, 3, "2025-06-11T14:20:00Z") + "\n");
        try (HttpStub fn = new HttpStub(CliTest::accepted)) {
            Run r = run("replay", f.toString(), "--provider", "alpaca", "--to", "http", fn.url(), "--rate", "50");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("sent 3 events to " + fn.url() + ": 3 accepted, 0 refused");
            assertThat(fn.requests).hasSize(3);
            HttpStub.Request first = fn.requests.get(0);
            assertThat(first.header("ce-type")).isEqualTo("dev.marketfn.raw.v1");
            assertThat(first.header("ce-source")).isEqualTo("/providers/alpaca");
            assertThat(first.header("ce-provider")).isEqualTo("alpaca");
            assertThat(first.header("ce-subject")).isEqualTo("AAPL");
            assertThat(first.header("ce-partitionkey")).isEqualTo("AAPL");
            assertThat(first.header("ce-id")).startsWith("replay-").endsWith("-trades.jsonl-0");
            assertThat(first.body()).contains("\"i\":1");
        }
    }

    @Test
    void replayFromUntilKeepsMessagesWithRecordsInTheWindowAndCsvRowByRow(@TempDir Path dir) throws Exception {
        Path jsonl = Files.writeString(dir.resolve("t.jsonl"), String.format(ALPACA_LINE, 1, "2025-06-11T14:00:00Z") + "\n"
                + String.format(ALPACA_LINE, 2, "2025-06-11T14:10:00Z") + "\n" + String.format(ALPACA_LINE, 3, "2025-06-11T14:20:00Z") + "\n");
        StringBuilder csv = new StringBuilder("symbol,ts,price,size,seq,conditions\n");
        for (int i = 0; i < 300; i++) { // 14:00:00 .. 14:04:59, one trade a second: two chunks of 200 rows
            csv.append(String.format("SPY,2025-06-11T14:%02d:%02dZ,600.0%d,100,%d,@%n", i / 60, i % 60, i % 10, i + 1));
        }
        Path csvFile = Files.writeString(dir.resolve("spy.csv"), csv);
        try (HttpStub fn = new HttpStub(CliTest::accepted)) {
            Run r = run("replay", jsonl.toString(), "--provider", "alpaca", "--to", "http", fn.url(),
                    "--from", "2025-06-11T14:05:00Z", "--until", "2025-06-11T14:15:00Z");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("window [2025-06-11T14:05:00Z, 2025-06-11T14:15:00Z): 1 of 3 messages");
            assertThat(fn.requests).singleElement().satisfies(q -> assertThat(q.body()).contains("\"i\":2"));

            fn.requests.clear();
            Run rows = run("replay", csvFile.toString(), "--provider", "csv", "--to", "http", fn.url(),
                    "--from", "2025-06-11T14:01:00Z", "--until", "2025-06-11T14:02:00");
            assertThat(rows.code()).as(rows.err()).isZero();
            assertThat(rows.out()).contains("1 of 2 messages");
            String sent = Json.tree(fn.requests.get(0).body().getBytes(StandardCharsets.UTF_8)).asText();
            assertThat(sent.lines().skip(1)).hasSize(60).allMatch(l -> l.startsWith("SPY,2025-06-11T14:01:"));

            Run none = run("replay", jsonl.toString(), "--provider", "alpaca", "--to", "http", fn.url(), "--from", "2030-01-01");
            assertThat(none.code()).isEqualTo(1);
            assertThat(none.err()).contains("nothing to send");
        }
    }

    @Test
    void replayListsRefusedEventsAndExitsThree(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("t.jsonl"), String.format(ALPACA_LINE, 1, "2025-06-11T14:00:00Z") + "\n"
                + String.format(ALPACA_LINE, 2, "2025-06-11T14:10:00Z") + "\n" + String.format(ALPACA_LINE, 3, "2025-06-11T14:20:00Z") + "\n");
        AtomicInteger n = new AtomicInteger();
        try (HttpStub fn = new HttpStub(q -> switch (n.incrementAndGet()) {
            case 2 -> new HttpStub.Reply(500, Map.of(), "boom");
            case 3 -> HttpStub.Reply.ok("dev.marketfn.rejected.v1", "{\"reason\":\"INVALID_VALUE\",\"field\":\"data[0].p\"}");
            default -> accepted(q);
        })) {
            Run r = run("replay", f.toString(), "--provider", "alpaca", "--url", fn.url());
            assertThat(r.code()).isEqualTo(3);
            assertThat(r.out()).contains("3 events", "1 accepted, 2 refused");
            assertThat(r.err()).contains("-t.jsonl-1: HTTP 500 boom").contains("-t.jsonl-2: rejected: {\"reason\":\"INVALID_VALUE\"");
        }
        try (HttpStub fn = new HttpStub(q -> new HttpStub.Reply(503, Map.of(), "down"))) {
            Run all = run("replay", f.toString(), "--provider", "alpaca", "--to", "http", fn.url());
            assertThat(all.code()).isEqualTo(1);
        }
    }

    @Test
    void replayRejectsUnreadableFilesBadArgsAndUnreachableServers(@TempDir Path dir) throws Exception {
        Run missing = run("replay", dir.resolve("nope.jsonl").toString(), "--provider", "alpaca", "--to", "http",
                "--url", "http://localhost:1/");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read file").contains("nope.jsonl");
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "[{\"T\":\"t\"}]\n{not json\n");
        Run notJson = run("replay", bad.toString(), "--provider", "alpaca", "--to", "http", "--url", "http://localhost:1/");
        assertThat(notJson.code()).isEqualTo(1);
        assertThat(notJson.err()).contains("bad.jsonl:2: not valid JSON");
        assertThat(run("replay", bad.toString(), "--provider", "alpaca", "--to", "ftp").code()).isEqualTo(2);
        assertThat(run("replay", bad.toString(), "--to", "kafka").code()).isEqualTo(2); // --provider missing
        assertThat(run("replay", bad.toString(), "--provider", "nasdaq", "--to", "kafka").err())
                .contains("--provider must be one of");
        assertThat(run("replay", bad.toString(), "--provider", "alpaca", "--to", "http").err()).contains("--to http needs a URL");
        assertThat(run("replay", bad.toString(), "--provider", "alpaca", "--to", "http", "--url", "localhost:80").code()).isEqualTo(2);
        assertThat(run("replay", bad.toString(), "--provider", "alpaca", "--from", "yesterday").err())
                .contains("--from 'yesterday' is not an ISO-8601 time");
        assertThat(run("replay", bad.toString(), "--provider", "alpaca", "--from", "2025-06-12", "--until", "2025-06-11").code())
                .isEqualTo(2);
        assertThat(run("replay", bad.toString(), "--provider", "alpaca", "--rate", "-1").code()).isEqualTo(2);
        Path good = Files.writeString(dir.resolve("good.jsonl"), "[{\"T\":\"t\",\"S\":\"AAPL\"}]\n");
        Run noKafka = run("replay", good.toString(), "--provider", "alpaca", "--to", "kafka");
        assertThat(noKafka.code()).isEqualTo(1);
        assertThat(noKafka.err()).contains("KAFKA_BOOTSTRAP_SERVERS");
        Run refused = run("replay", good.toString(), "--provider", "alpaca", "--to", "http", deadUrl());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot reach", "connection refused");
    }

    // ---- synth ----

    @Test
    void synthSendsSyntheticProviderMessagesThatTheAdapterReads() throws Exception {
        try (HttpStub fn = new HttpStub(CliTest::accepted)) {
            Run r = run("synth", "--symbols", "AAPL,btc/usd,brk-b", "--count", "12", "--rate", "200", "--seed", "7",
                    "--to", "http", fn.url());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("synth AAPL,BTC-USD,BRK.B", "seed 7", "sent 12 events", "12 accepted");
            assertThat(fn.requests).hasSize(12);
            List<String> subjects = new ArrayList<>();
            for (HttpStub.Request q : fn.requests) {
                assertThat(q.header("ce-type")).isEqualTo("dev.marketfn.raw.v1");
                assertThat(q.header("ce-provider")).isEqualTo("synthetic");
                assertThat(q.header("ce-source")).isEqualTo("/providers/synthetic");
                subjects.add(q.header("ce-subject"));
                List<CanonicalRecord> recs = Providers.standard().normalize(new RawMessage("synthetic", q.header("ce-id"),
                        Json.tree(q.body().getBytes(StandardCharsets.UTF_8)), q.header("ce-subject"), Instant.now()));
                assertThat(recs).isNotEmpty().allMatch(x -> x.symbol().equals(q.header("ce-subject")));
                assertThat(recs).allMatch(x -> !x.ts().isAfter(Instant.now()) && x.ts().isAfter(Instant.now().minusSeconds(60)));
            }
            assertThat(subjects).containsSequence("AAPL", "BTC-USD", "BRK.B", "AAPL");
        }
    }

    @Test
    void synthDurationStopsTheFeed() throws Exception {
        try (HttpStub fn = new HttpStub(CliTest::accepted)) {
            long t0 = System.nanoTime();
            Run r = run("synth", "--symbols", "SYN1", "--duration", "1.5", "--rate", "10", "--url", fn.url());
            double secs = (System.nanoTime() - t0) / 1e9;
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(secs).isBetween(1.4, 15.0);
            assertThat(fn.requests.size()).isBetween(2, 16); // 15 on an idle machine
        }
    }

    @Test
    void synthRejectsBadArgumentsAndUnreachableServers() {
        assertThat(run("synth", "--to", "http", "http://localhost:1/").code()).isEqualTo(2); // --symbols missing
        assertThat(run("synth", "--symbols", "AAPL", "--count", "1", "--duration", "2").err()).contains("mutually exclusive");
        assertThat(run("synth", "--symbols", "AAPL", "--rate", "0").err()).contains("--rate 0 (as fast as possible) needs --count");
        assertThat(run("synth", "--symbols", "AA$PL", "--count", "1").err()).contains("'AA$PL' is not an equity symbol");
        assertThat(run("synth", "--symbols", "AAPL", "--count", "0").code()).isEqualTo(2);
        assertThat(run("synth", "--symbols", "AAPL", "--count", "1", "--price", "MSFT=10").err()).contains("--price names MSFT");
        assertThat(run("synth", "--symbols", "AAPL", "--count", "1", "--to", "smtp").err()).contains("--to must be kafka or http");
        Run noKafka = run("synth", "--symbols", "AAPL", "--count", "1");
        assertThat(noKafka.code()).isEqualTo(1);
        assertThat(noKafka.err()).contains("KAFKA_BOOTSTRAP_SERVERS");
        Run refused = run("synth", "--symbols", "AAPL", "--count", "3", "--to", "http", deadUrl());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot reach");
        Run kafkaDown = run("synth", "--symbols", "AAPL", "--count", "3", "--to", "kafka", "localhost:" + Functions.freePort());
        assertThat(kafkaDown.code()).isEqualTo(1);
        assertThat(kafkaDown.err()).contains("Kafka not reachable at localhost:");
    }

    // ---- post ----

    @Test
    void postPrintsTheReplyWithItsCeAttributes(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("d.json"), "[{\"T\":\"t\",\"S\":\"AAPL\"}]");
        try (HttpStub fn = new HttpStub(q -> HttpStub.Reply.ok("dev.marketfn.tick.normalized.v1", "{\"records\":[]}"))) {
            Run r = run("post", "--url", fn.url(), "--type", "dev.marketfn.raw.v1", "--source", "/providers/alpaca",
                    "--subject", "AAPL", "--id", "e-1", "--ext", "symbol=AAPL", "--data", data.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("HTTP 200").containsIgnoringCase("ce-type: dev.marketfn.tick.normalized.v1")
                    .containsIgnoringCase("ce-id: reply-1").contains("{\"records\":[]}");
            HttpStub.Request q = fn.requests.get(0);
            assertThat(q.header("ce-id")).isEqualTo("e-1");
            assertThat(q.header("ce-provider")).isEqualTo("alpaca");
            assertThat(q.header("ce-symbol")).isEqualTo("AAPL");
            assertThat(q.header("content-type")).isEqualTo("application/json");
            assertThat(q.body()).isEqualTo("[{\"T\":\"t\",\"S\":\"AAPL\"}]");

            Run structured = run("post", "--url", fn.url(), "--type", "dev.marketfn.raw.v1", "--data", data.toString(),
                    "--structured");
            assertThat(structured.code()).isZero();
            HttpStub.Request s = fn.requests.get(1);
            assertThat(s.header("content-type")).isEqualTo("application/cloudevents+json");
            JsonNode ce = Json.tree(s.body().getBytes(StandardCharsets.UTF_8));
            assertThat(ce.path("type").asText()).isEqualTo("dev.marketfn.raw.v1");
            assertThat(ce.path("data").get(0).path("S").asText()).isEqualTo("AAPL");
        }
    }

    @Test
    void postExitsThreeWhenTheFunctionRefuses(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("d.json"), "{\"a\":1}");
        try (HttpStub rejecting = new HttpStub(q -> HttpStub.Reply.ok("dev.marketfn.rejected.v1", "{\"reason\":\"MISSING_FIELD\"}"));
                HttpStub failing = new HttpStub(q -> new HttpStub.Reply(404, Map.of(), "no such function"))) {
            Run rejected = run("post", "--url", rejecting.url(), "--type", "dev.marketfn.raw.v1", "--data", data.toString());
            assertThat(rejected.code()).isEqualTo(3);
            assertThat(rejected.out()).contains("HTTP 200", "MISSING_FIELD");
            Run notFound = run("post", "--url", failing.url(), "--type", "t", "--data", data.toString());
            assertThat(notFound.code()).isEqualTo(3);
            assertThat(notFound.out()).contains("HTTP 404", "no such function");
        }
    }

    @Test
    void postReportsUnreadableDataAndUnreachableServers(@TempDir Path dir) throws Exception {
        Run missing = run("post", "--url", "http://localhost:9/", "--type", "dev.marketfn.raw.v1", "--data",
                dir.resolve("x.json").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read file");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"a\":1}");
        Path notJson = Files.writeString(dir.resolve("n.json"), "{a:1");
        assertThat(run("post", "--url", "http://localhost:9/", "--type", "t", "--data", notJson.toString()).err())
                .contains("is not valid JSON");
        Run refused = run("post", "--url", deadUrl(), "--type", "dev.marketfn.raw.v1", "--data", data.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot reach", "connection refused");
        Run badUrl = run("post", "--url", "not a url", "--type", "t", "--data", data.toString());
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).contains("bad --url");
        assertThat(run("post", "--type", "t", "--data", data.toString()).code()).isEqualTo(2);
    }

    // ---- actions load ----

    static final String CSV = """
            action_id,symbol,type,ratio,amount,currency,ex_date,record_date,pay_date,new_symbol,known_at
            AAPL-2020-split,AAPL,split,4,,,2020-08-31,2020-08-24,2020-08-28,,2020-07-30T20:30:00Z
            AAPL-2020-08-div,AAPL,cash_dividend,,0.82,USD,2020-08-07,2020-08-10,2020-08-13,,2020-07-30T20:30:00Z

            BAD-DATE,TSLA,split,5,,,2020-31-08,,,,
            "FB-META-2022","FB","symbol_change",,,,2022-06-09,,,"META",
            """;

    @Test
    void actionsLoadSendsEveryValidRowAsAnAnnouncementAndNamesBadLines(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("actions.csv"), CSV);
        try (HttpStub fn = new HttpStub(q -> HttpStub.Reply.ok("dev.marketfn.corporate-action.applied.v1", "{}"))) {
            Run r = run("actions", "load", csv.toString(), "--to", "http", fn.url());
            assertThat(r.code()).as(r.err()).isEqualTo(3); // one bad row skipped
            assertThat(r.err()).contains(csv + ":5: ex_date: '2020-31-08' is not an ISO date (WRONG_TYPE)");
            assertThat(r.out()).contains("(csv): 3 valid corporate actions, 1 invalid row", "3 accepted, 0 refused");
            assertThat(fn.requests).extracting(q -> q.header("ce-subject")).containsExactly("AAPL", "AAPL", "FB");
            HttpStub.Request first = fn.requests.get(0);
            assertThat(first.header("ce-type")).isEqualTo("dev.marketfn.corporate-action.announced.v1");
            assertThat(first.header("ce-id")).startsWith("action-AAPL-2020-split-");
            assertThat(first.header("ce-partitionkey")).isEqualTo("AAPL");
            JsonNode data = Json.tree(first.body().getBytes(StandardCharsets.UTF_8));
            assertThat(data.path("ratio").decimalValue()).isEqualByComparingTo("4");
            assertThat(data.path("ex_date").asText()).isEqualTo("2020-08-31");
            assertThat(data.path("known_at").asText()).startsWith("2020-07-30T20:30:00");
            assertThat(Json.tree(fn.requests.get(2).body().getBytes(StandardCharsets.UTF_8)).has("known_at")).isFalse();

            fn.requests.clear();
            Run again = run("actions", "load", csv.toString(), "--url", fn.url());
            assertThat(fn.requests.get(0).header("ce-id")).isEqualTo(first.header("ce-id")); // same row, same id
            assertThat(again.code()).isEqualTo(3);
        }
    }

    @Test
    void actionsLoadReadsJsonArraysAndJsonLinesWithLineNumbers(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("a.json"), """
                [
                  {"action_id":"TSLA-2020-split","symbol":"TSLA","type":"split","ratio":5,"ex_date":"2020-08-31"},
                  {"action_id":"X","symbol":"AAPL","type":"cash_dividend","amount":-0.82,"ex_date":"2020-08-07"},
                  {"action_id":"Y","symbol":"AAPL","type":"split",
                   "ratio":"four","ex_date":"2020-08-31"}
                ]
                """);
        Run dry = run("actions", "load", json.toString(), "--dry-run");
        assertThat(dry.code()).isEqualTo(3);
        assertThat(dry.out()).contains("(json): 1 valid corporate action, 2 invalid rows");
        assertThat(dry.err()).contains(json + ":3: amount:").contains(json + ":4: ratio:");
        Path sample = Path.of("src/main/resources/sample/corporate-actions.jsonl");
        try (HttpStub fn = new HttpStub(q -> HttpStub.Reply.ok("dev.marketfn.corporate-action.applied.v1", "{}"))) {
            Run r = run("actions", "load", sample.toString(), "--to", "http", fn.url());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("(json lines): 1 valid corporate action, 0 invalid rows");
            assertThat(fn.requests).singleElement().satisfies(q -> assertThat(q.header("ce-subject")).isEqualTo("NVDA"));
        }
        Path lines = Files.writeString(dir.resolve("a.jsonl"),
                "{\"action_id\":\"A\",\"symbol\":\"GE\",\"type\":\"reverse_split\",\"ratio\":0.125,\"ex_date\":\"2021-08-02\"}\n{oops\n[1]\n");
        Run jl = run("actions", "load", lines.toString(), "--dry-run");
        assertThat(jl.code()).isEqualTo(3);
        assertThat(jl.err()).contains(lines + ":2: not valid JSON").contains(lines + ":3: expected one JSON object per line");
    }

    @Test
    void actionsLoadStrictRefusedRepliesAndWholeFileErrors(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("actions.csv"), CSV);
        Run strict = run("actions", "load", csv.toString(), "--strict", "--to", "http", "http://127.0.0.1:1/");
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.err()).contains(":5: ex_date").contains("sent nothing: 1 invalid row(s) and --strict");
        AtomicInteger n = new AtomicInteger();
        try (HttpStub fn = new HttpStub(q -> n.incrementAndGet() == 2
                ? HttpStub.Reply.ok("dev.marketfn.rejected.v1", "{\"reason\":\"INVALID_VALUE\",\"field\":\"data.known_at\"}")
                : HttpStub.Reply.ok("dev.marketfn.corporate-action.applied.v1", "{}"))) {
            Path good = Files.writeString(dir.resolve("good.csv"), CSV.replace("BAD-DATE,TSLA,split,5,,,2020-31-08,,,,\n", ""));
            Run r = run("actions", "load", good.toString(), "--to", "http", fn.url());
            assertThat(r.code()).isEqualTo(3);
            assertThat(r.err()).contains(good + ":3 AAPL-2020-08-div: rejected: {\"reason\":\"INVALID_VALUE\"");
        }
        Path header = Files.writeString(dir.resolve("h.csv"), "action_id,symbol,type,exdate\nx,AAPL,split,2020-08-31\n");
        Run badHeader = run("actions", "load", header.toString(), "--dry-run");
        assertThat(badHeader.code()).isEqualTo(1);
        assertThat(badHeader.err()).contains(header + ":1: exdate: unknown column");
        Path broken = Files.writeString(dir.resolve("b.json"), "[\n {\"action_id\":\"A\"},\n {\"x\": }\n]");
        assertThat(run("actions", "load", broken.toString(), "--dry-run").err()).contains(broken + ":3: not valid JSON");
        Path allBad = Files.writeString(dir.resolve("bad.csv"), "action_id,symbol,type,ratio,ex_date\nA,AAPL,split,-1,2020-01-02\n");
        Run none = run("actions", "load", allBad.toString(), "--to", "http", "http://127.0.0.1:1/");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains(":2: ratio:", "no valid corporate action to send");
        Path empty = Files.writeString(dir.resolve("e.csv"), "\n");
        assertThat(run("actions", "load", empty.toString(), "--dry-run").err()).contains("empty file");
    }

    @Test
    void actionsLoadRejectsBadArgumentsUnreadableFilesAndUnreachableServers(@TempDir Path dir) throws Exception {
        assertThat(run("actions", "load").code()).isEqualTo(2); // FILE missing
        assertThat(run("actions", "load", "x.csv", "--to", "ftp").code()).isEqualTo(2);
        Run missing = run("actions", "load", dir.resolve("nope.csv").toString(), "--dry-run");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read file").contains("nope.csv");
        Run directory = run("actions", "load", dir.toString(), "--dry-run");
        assertThat(directory.code()).isEqualTo(1);
        Path csv = Files.writeString(dir.resolve("actions.csv"), CSV);
        Run refused = run("actions", "load", csv.toString(), "--to", "http", deadUrl());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot reach");
        Run noKafka = run("actions", "load", csv.toString());
        assertThat(noKafka.code()).isEqualTo(1);
        assertThat(noKafka.err()).contains("KAFKA_BOOTSTRAP_SERVERS");
    }

    // ---- tail and stack (the running-stack cases are in CliKafkaTest) ----

    @Test
    void tailNeedsAReachableBroker() {
        Run tail = run("tail", "--type", "dev.marketfn.alpha.call.v1");
        assertThat(tail.code()).isEqualTo(1);
        assertThat(tail.err()).contains("KAFKA_BOOTSTRAP_SERVERS");
        Run unreachable = run("tail", "--type", "x", "--bootstrap", "localhost:" + Functions.freePort(), "--limit", "1");
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).contains("Kafka not reachable");
        assertThat(run("tail", "--symbol", "AAPL").code()).isEqualTo(2); // --type missing
        assertThat(run("tail", "--type", "x", "--limit", "-1", "--bootstrap", "localhost:1").err()).contains("--limit must be >= 0");
    }

    @Test
    void stackStatusAndDownNeedAStack(@TempDir Path dir) throws Exception {
        Run status = run("stack", "status", "--state-dir", dir.toString());
        assertThat(status.code()).isEqualTo(1);
        assertThat(status.err()).contains("no stack running here");
        assertThat(run("stack", "down", "--state-dir", dir.toString()).code()).isEqualTo(1);
        assertThat(run("stack", "status", "--no-such").code()).isEqualTo(2);
        Files.writeString(dir.resolve("stack.env"), "KAFKA_BOOTSTRAP_SERVERS=localhost:" + Functions.freePort() + "\nPG_URL=postgresql://localhost:"
                + Functions.freePort() + "/marketfn\nPG_USER=postgres\nPG_PASSWORD=postgres\n");
        Run down = run("stack", "status", "--state-dir", dir.toString());
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.out()).contains("kafka      DOWN", "postgres   DOWN");
    }
}
