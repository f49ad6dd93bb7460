package dev.marketfn.normalize;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.testing.KafkaEvents;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Logs in the cluster (docs/contract/observability.md §Logs): with {@code quarkus.log.console.json.enabled=true}, as
 * knative/base/runtime-config.yaml sets it, the console writes JSON lines, and a line written while an event is
 * handled -- here the rejection's, written after its row is stored -- carries the event's id, type and trace id,
 * through either door.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
@TestProfile(JsonLogTest.JsonOn.class)
class JsonLogTest {
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    public static class JsonOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.console.json.enabled", "true");
        }
    }

    /** The formatter of the console handler Quarkus configured (nested in its delayed and async handlers). */
    static Formatter consoleFormatter(Handler[] handlers) {
        for (Handler h : handlers) {
            if (h.getFormatter() != null && h.getClass().getSimpleName().contains("Console")) {
                return h.getFormatter();
            }
            if (h instanceof ExtHandler ext) {
                Formatter nested = consoleFormatter(ext.getHandlers());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    final List<String> lines = new CopyOnWriteArrayList<>();
    Logger root;
    ExtHandler capture;

    @BeforeEach
    void capture() {
        root = LogContext.getLogContext().getLogger("");
        Formatter json = consoleFormatter(root.getHandlers());
        assertThat(json).as("the console's formatter").isNotNull();
        assertThat(json.getClass().getName()).isEqualTo("io.quarkus.logging.json.runtime.JsonFormatter");
        capture = new ExtHandler() {
            @Override
            protected void doPublish(ExtLogRecord record) {
                lines.add(json.format(record)); // formatted as the console would, on the logging thread
            }
        };
        root.addHandler(capture);
    }

    @AfterEach
    void release() {
        root.removeHandler(capture);
    }

    /** The captured JSON line whose message starts so, waiting for it up to 5 s. */
    JsonNode line(String messageStart) throws Exception {
        for (int i = 0; i < 50; i++) {
            for (String l : lines) {
                JsonNode n = Json.MAPPER.readTree(l);
                if (n.path("message").asText().startsWith(messageStart)) {
                    return n;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line '" + messageStart + "…' among " + lines);
    }

    static void assertAbout(JsonNode line, String id) {
        assertThat(line.path("loggerName").asText()).isEqualTo("dev.marketfn.runtime.Dispatcher");
        assertThat(line.at("/mdc/event_id").asText()).as("%s", line).isEqualTo(id);
        assertThat(line.at("/mdc/event_type").asText()).isEqualTo("dev.marketfn.raw.v1");
        assertThat(line.at("/mdc/trace_id").asText()).isEqualTo(TRACE_ID);
    }

    @Test
    void aLineAboutAnEventOverHttpCarriesItsIdTypeAndTraceId() throws Exception {
        given().header("ce-specversion", "1.0").header("ce-id", "json-log-1").header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/alpaca").header("ce-provider", "alpaca")
                .header("ce-traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
                .contentType("application/json").body("{\"not\":\"an alpaca frame\"}")
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1");
        assertAbout(line("rejected dev.marketfn.raw.v1 json-log-1"), "json-log-1");
    }

    @Test
    void aLineAboutARecordOfTheKafkaDoorCarriesItsIdTypeAndTraceId() throws Exception {
        KafkaEvents.produce("AAPL", Map.of("specversion", "1.0", "id", "json-log-kafka", "type", "dev.marketfn.raw.v1",
                "source", "/providers/alpaca", "provider", "alpaca", "traceparent",
                "00-" + TRACE_ID + "-b7ad6b7169203332-01"), "{\"not\":\"an alpaca frame\"}");
        JsonNode line = null;
        for (int i = 0; i < 12 && line == null; i++) { // the door polls, then handles: up to a minute
            try {
                line = line("rejected dev.marketfn.raw.v1 json-log-kafka");
            } catch (AssertionError notYet) {
                // keep waiting
            }
        }
        assertThat(line).as("the rejection's line among %s", lines).isNotNull();
        assertAbout(line, "json-log-kafka");
    }
}
