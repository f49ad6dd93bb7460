package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.launcher.CliTest.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a running stack (embedded Kafka + PostgreSQL, as {@code stack up} starts it): {@code stack status},
 * and {@code replay}, {@code synth} and {@code actions load} to Kafka read back with {@code tail}.
 */
class CliKafkaTest {
    static Infra infra;
    static Map<String, String> env;

    @BeforeAll
    static void stack() {
        infra = Infra.start(Map.of(), 0, null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        env = Map.of("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrap);
    }

    @AfterAll
    static void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    static Run tail(String type, String symbol, int limit) {
        return CliTest.run(env, "tail", "--type", type, "--symbol", symbol, "--limit", Integer.toString(limit),
                "--from-beginning", "--timeout", "60");
    }

    @Test
    void stackStatusReportsARunningStack(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("stack.env"), "# test\nKAFKA_BOOTSTRAP_SERVERS=" + infra.bootstrap + "\nPG_URL="
                + infra.pgUrl + "\nPG_USER=" + infra.pgUser + "\nPG_PASSWORD=" + infra.pgPassword + "\n");
        Run r = CliTest.run("stack", "status", "--state-dir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("kafka      up    " + infra.bootstrap, "postgres   up    " + infra.pgUrl);
    }

    @Test
    void replayToKafkaThenTailBySymbolAndLimit(@TempDir Path dir) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append(String.format(CliTest.ALPACA_LINE, i, "2025-06-11T14:0" + i + ":00Z").replace("AAPL", i % 2 == 0 ? "RPLA" : "RPLB"))
                    .append('\n');
        }
        Path f = Files.writeString(dir.resolve("t.jsonl"), lines);
        Run r = CliTest.run(env, "replay", f.toString(), "--provider", "alpaca", "--to", "kafka", "--rate", "100");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sent 5 events to Kafka " + infra.bootstrap + " topics marketfn.*: 5 accepted");
        Run window = CliTest.run(Map.of(), "replay", f.toString(), "--provider", "alpaca", "--to", "kafka", infra.bootstrap,
                "--from", "2025-06-11T14:04:00Z");
        assertThat(window.code()).as(window.err()).isZero();
        assertThat(window.out()).contains("1 of 5 messages", "sent 1 event to");

        Run t = tail(CloudEvent.RAW, "RPLA", 4);
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out().lines().filter(l -> l.contains("type=dev.marketfn.raw.v1"))).hasSize(4)
                .allMatch(l -> l.contains("symbol=RPLA") && l.contains("provider=alpaca"));
        assertThat(t.out()).contains("\"S\":\"RPLA\"").doesNotContain("RPLB");
        Run notThatMany = CliTest.run(env, "tail", "--type", CloudEvent.RAW, "--symbol", "RPLB", "--limit", "3",
                "--from-beginning", "--timeout", "3");
        assertThat(notThatMany.code()).isEqualTo(1);
        assertThat(notThatMany.out()).contains("timed out after 3 s with 2 of 3 events");
    }

    @Test
    void synthToKafkaIsReadBackByTail() {
        Run r = CliTest.run(env, "synth", "--symbols", "SYNK,SYNL", "--count", "6", "--rate", "0", "--seed", "1",
                "--to", "kafka");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sent 6 events", "6 accepted");
        Run t = tail(CloudEvent.RAW, "SYNL", 3);
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("provider=synthetic", "source=/providers/synthetic", "\"symbol\":\"SYNL\"", "\"trades\":[");
    }

    @Test
    void actionsLoadToKafkaSendsAnnouncements(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("a.csv"), """
                action_id,symbol,type,ratio,ex_date
                ACTK-split,ACTK,split,3,2030-01-02
                ACTK-bad,ACTK,split,0,2030-01-02
                """);
        Run r = CliTest.run(Map.of(), "actions", "load", csv.toString(), "--to", "kafka", infra.bootstrap);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(csv + ":3: ratio: must be > 1");
        Run t = tail(CloudEvent.ANNOUNCED, "ACTK", 1);
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("id=action-ACTK-split-", "\"action_id\":\"ACTK-split\"", "\"ratio\":3");
    }

    @Test
    void tailNamesAMissingTopic() {
        Run r = CliTest.run(env, "tail", "--type", CloudEvent.RAW, "--topic-prefix", "no.such", "--limit", "1",
                "--timeout", "5");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no topic no.such.normalize");
    }
}
