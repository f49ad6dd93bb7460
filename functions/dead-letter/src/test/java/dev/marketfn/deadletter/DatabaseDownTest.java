package dev.marketfn.deadletter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable: nothing is acknowledged that is not stored, and the pod is not ready; the dead-letter alert's
 * series is there at 0 from start-up.
 */
@QuarkusTest
@TestProfile(DatabaseDownTest.NoDatabase.class)
class DatabaseDownTest {
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // port 1: connection refused at once; no migration at start-up (it would wait for the database)
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/marketfn",
                    "marketfn.store.migrate", "false");
        }
    }

    @Test
    void deadLetterIsRefusedWith5xxSoTheBrokerRetries() {
        given().header("ce-specversion", "1.0").header("ce-id", "dl-down-1").header("ce-type", "dev.marketfn.tick.checked.v1")
                .header("ce-source", "/marketfn/quality-check").header("ce-knativeerrorcode", "503")
                .header("ce-knativeerrordest", "http://corporate-action.marketfn.svc").contentType("application/json")
                .body("{\"records\":[]}")
                .post("/").then().statusCode(allOf(greaterThanOrEqualTo(500), lessThan(600)));
    }

    @Test
    void theAlertSeriesIsThereAtZeroBeforeAnyDeadLetter() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("errors_total{component=\"dead-letter\",reason=\"DEAD_LETTER\"} 0"));
    }

    @Test
    void notReadyButAlive() {
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200);
    }
}
