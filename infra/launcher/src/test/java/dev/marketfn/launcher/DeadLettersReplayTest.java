package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.launcher.CliTest.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code marketfn dead-letters replay} against embedded PostgreSQL (the store's schema) and Kafka, and a local HTTP
 * endpoint standing in for the broker ingress: dead-letter rows are sent again as the events they were, in binary
 * mode, without Knative's knativeerror* extensions; a row that was no CloudEvent is skipped; other functions' rows
 * are never touched; rows go only with --delete, and only those accepted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the second deletes a row the first replays
class DeadLettersReplayTest {
    static Infra infra;
    static Map<String, String> env;

    @BeforeAll
    static void stack() throws Exception {
        infra = Infra.start(Map.of(), 0, null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        env = Map.of("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrap, "PG_URL", infra.pgUrl, "PG_USER", infra.pgUser,
                "PG_PASSWORD", infra.pgPassword);
        try (Connection c = infra.connect()) {
            c.createStatement().execute(Files.readString(java.nio.file.Path.of(
                    "../../functions/store/src/main/resources/db/migrations/V001__schema.sql")));
            // what DeadLetterHandlers writes: detail JSON with the attributes as received
            insert(c, "dl-1", "dead-letter", "DEAD_LETTER", "q-1", "dev.marketfn.tick.checked.v1",
                    "{\"error\":\"HTTP 503 from http://corporate-action.marketfn.svc\",\"mode\":\"binary\",\"attributes\":{"
                            + "\"specversion\":\"1.0\",\"id\":\"q-1\",\"type\":\"dev.marketfn.tick.checked.v1\","
                            + "\"source\":\"/marketfn/quality-check\",\"subject\":\"DLRA\",\"time\":\"2026-12-07T10:00:00Z\","
                            + "\"datacontenttype\":\"application/json\",\"partitionkey\":\"DLRA\",\"symbol\":\"DLRA\","
                            + "\"knativeerrorcode\":\"503\",\"knativeerrordest\":\"http://corporate-action.marketfn.svc\"}}",
                    "{\"records\":[1]}");
            insert(c, "dl-2", "dead-letter", "DEAD_LETTER", "q-2", "dev.marketfn.tick.checked.v1",
                    "{\"error\":\"x\",\"mode\":\"binary\",\"attributes\":{\"id\":\"q-2\",\"type\":\"dev.marketfn.tick.checked.v1\","
                            + "\"source\":\"/marketfn/quality-check\",\"subject\":\"DLRB\",\"partitionkey\":\"DLRB\"}}",
                    "{\"records\":[2]}");
            insert(c, "dl-3", "dead-letter", "DEAD_LETTER", null, null,
                    "{\"error\":\"not a CloudEvent\",\"mode\":\"record\",\"attributes\":{}}", "not a cloud event");
            insert(c, "other", "quality-check", "MALFORMED_JSON", "q-9", "dev.marketfn.tick.normalized.v1", "bad", "{");
        }
    }

    static void insert(Connection c, String rid, String function, String reason, String id, String type, String detail,
            String payload) throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO rejected_events (rejection_id, function, reason, detail,"
                + " input_id, input_type, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, rid);
            s.setString(2, function);
            s.setString(3, reason);
            s.setString(4, detail);
            s.setString(5, id);
            s.setString(6, type);
            s.setBytes(7, payload.getBytes(StandardCharsets.UTF_8));
            s.executeUpdate();
        }
    }

    static List<String> rows() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = infra.connect(); ResultSet r = c.createStatement().executeQuery(
                "SELECT rejection_id FROM rejected_events ORDER BY rejection_id")) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }

    @AfterAll
    static void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    @Order(1)
    void replaysEveryDeadLetterOverHttpAsTheEventItWas() throws Exception {
        try (HttpStub broker = new HttpStub(req -> new HttpStub.Reply(202, Map.of(), ""))) {
            Run r = CliTest.run(env, "dead-letters", "replay", "--all", "--to", "http", broker.url());
            assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_PARTIAL); // dl-3 skipped
            assertThat(r.err()).contains("dl-3: skipped, not a CloudEvent");
            assertThat(r.out()).contains("2 dead letters to replay, 1 skipped", "2 accepted, 0 refused");
            assertThat(broker.requests).hasSize(2);
            HttpStub.Request first = broker.requests.get(0);
            assertThat(first.header("ce-id")).isEqualTo("q-1");
            assertThat(first.header("ce-type")).isEqualTo("dev.marketfn.tick.checked.v1");
            assertThat(first.header("ce-source")).isEqualTo("/marketfn/quality-check");
            assertThat(first.header("ce-subject")).isEqualTo("DLRA");
            assertThat(first.header("ce-partitionkey")).isEqualTo("DLRA");
            assertThat(first.header("ce-symbol")).isEqualTo("DLRA");
            assertThat(first.header("ce-knativeerrorcode")).as("the failed delivery is not part of the event").isNull();
            assertThat(first.header("ce-knativeerrordest")).isNull();
            assertThat(first.body()).isEqualTo("{\"records\":[1]}");
            assertThat(broker.requests.get(1).header("ce-id")).isEqualTo("q-2");
        }
        assertThat(rows()).as("nothing deleted without --delete").containsExactly("dl-1", "dl-2", "dl-3", "other");
    }

    @Test
    @Order(2)
    void replaysOneToKafkaAndDeletesOnlyWhatWasAccepted() throws Exception {
        Run refused;
        try (HttpStub down = new HttpStub(req -> new HttpStub.Reply(503, Map.of(), "busy"))) {
            refused = CliTest.run(env, "dead-letters", "replay", "--id", "dl-1", "--id", "dl-2", "--to", "http", down.url(), "--delete");
        }
        assertThat(refused.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(refused.out()).contains("deleted 0 replayed rows");
        assertThat(rows()).contains("dl-1", "dl-2");

        Run r = CliTest.run(env, "dead-letters", "replay", "--id", "dl-2", "--to", "kafka", "--delete");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 dead letter to replay", "deleted 1 replayed row");
        assertThat(rows()).containsExactly("dl-1", "dl-3", "other");
        Run t = CliTest.run(env, "tail", "--type", "dev.marketfn.tick.checked.v1", "--symbol", "DLRB", "--limit", "1",
                "--from-beginning", "--timeout", "60");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("id=q-2", "{\"records\":[2]}").doesNotContain("knativeerror");
    }

    @Test
    void namesTheDeadLettersOrIsAUsageError() {
        Run r = CliTest.run(env, "dead-letters", "replay", "--to", "kafka");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--id ID (repeatable) or --all");
        Run none = CliTest.run(env, "dead-letters", "replay", "--id", "nope", "--to", "kafka");
        assertThat(none.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(none.err()).contains("no dead letter to replay");
    }
}
