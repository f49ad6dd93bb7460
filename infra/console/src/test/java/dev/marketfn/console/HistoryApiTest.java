package dev.marketfn.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history endpoints against the fixture in a real PostgreSQL, over HTTP (REST Assured). */
@QuarkusTest
@QuarkusTestResource(ConsoleStack.class)
class HistoryApiTest {
    @Inject
    Pool pool;

    @Test
    void symbolsListTheirProvidersAndIntervals() {
        given().get("/api/symbols").then().statusCode(200)
                .body("symbol", contains(Fixture.SYMBOL, Fixture.OTHER))
                .body("[0].providers", contains(Fixture.PROVIDER)).body("[0].intervals", contains("1m"))
                .body("[0].bars", equalTo(Fixture.BARS));
    }

    @Test
    void barsComeOldestFirstInTheBasisAsked() {
        JsonPath raw = given().get("/api/bars?symbol=ACME&interval=1m&mode=raw").then().statusCode(200)
                .body("$", hasSize(Fixture.BARS)).extract().jsonPath();
        assertThat(raw.getString("[0].ts")).isEqualTo("2026-03-02T14:30:00.000000Z");
        assertThat(new BigDecimal(raw.getString("[0].close"))).isEqualByComparingTo(Fixture.dec(Fixture.close(0)));
        assertThat(raw.getBoolean("[" + Fixture.REVISED + "].revised")).isTrue();
        assertThat(raw.getBoolean("[0].revised")).isFalse();
        // the 2:1 split with ex-date the next day halves every price of the split basis
        JsonPath split = given().get("/api/bars?symbol=ACME&interval=1m").then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(split.getString("[0].close")))
                .isEqualByComparingTo(Fixture.dec(Fixture.close(0)).divide(BigDecimal.TWO));
        assertThat(split.getList("[0].action_ids")).containsExactly("split-1");
        // a limit keeps the newest bars, still oldest first
        given().get("/api/bars?symbol=ACME&interval=1m&limit=10&mode=raw").then().statusCode(200)
                .body("$", hasSize(10)).body("[9].ts", equalTo("2026-03-02T15:29:00.000000Z"));
    }

    @Test
    void indicatorValuesAreJsonWithNullsDuringWarmUp() {
        com.fasterxml.jackson.databind.JsonNode j = tree(given().get("/api/indicators?symbol=ACME&interval=1m")
                .then().statusCode(200).body("$", hasSize(Fixture.BARS)).extract().asString());
        assertThat(j.at("/0/values/sma_20").isNull()).isTrue();
        assertThat(j.at("/19/values/sma_20").asDouble()).isEqualTo(Fixture.close(19) - 0.4,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void signalsFilterBySymbolActionAndProvider() {
        given().get("/api/signals?symbol=ACME").then().statusCode(200).body("$", hasSize(3))
                .body("[0].signal_id", equalTo("sig-sell-45"));
        com.fasterxml.jackson.databind.JsonNode buy = tree(given()
                .get("/api/signals?symbol=ACME&action=buy&provider=synthetic").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].confidence", equalTo(0.72f)).extract().asString());
        assertThat(buy.at("/0/rationale/0/rule").asText()).isEqualTo("rsi_oversold");
        given().get("/api/signals?provider=coinbase").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void alertsRejectionsAndActions() {
        given().get("/api/alerts?severity=HIGH").then().statusCode(200).body("$", hasSize(1))
                .body("[0].alert_type", equalTo("OUTLIER_DETECTED"));
        given().get("/api/alerts?type=STALE_DATA").then().statusCode(200).body("[0].symbol", equalTo(Fixture.OTHER));
        given().get("/api/rejected?reason=MISSING_FIELD").then().statusCode(200).body("$", hasSize(1))
                .body("[0].field", equalTo("records[0].price")).body("[0].payload_bytes", equalTo(2));
        given().get("/api/actions?symbol=ACME").then().statusCode(200).body("action_id", contains("div-1", "split-1"))
                .body("[1].ex_date", equalTo("2026-03-03"));
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        return dev.marketfn.contracts.Json.tree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aBadParameterIsA400NamingIt() {
        given().get("/api/bars?interval=1m").then().statusCode(400).body("field", equalTo("symbol"));
        given().get("/api/bars?symbol=ACME&interval=2m").then().statusCode(400).body("field", equalTo("interval"));
        given().get("/api/bars?symbol=ACME&mode=adjusted").then().statusCode(400).body("field", equalTo("mode"));
        given().get("/api/signals?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        given().get("/api/signals?symbol=%3Cscript%3E").then().statusCode(400).body("field", equalTo("symbol"));
        given().get("/api/alerts?type=drop%20table").then().statusCode(400).body("field", equalTo("type"));
    }

    @Test
    void theConsolesSessionsAreReadOnly() {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> pool
                .query("DELETE FROM signals").execute().await().atMost(Duration.ofSeconds(10)));
        assertThat(refused).isInstanceOf(io.vertx.pgclient.PgException.class);
        assertThat(((io.vertx.pgclient.PgException) refused).getSqlState()).isEqualTo("25006");
        given().get("/api/signals?symbol=ACME").then().body("$", hasSize(3));
        assertThat(List.of("POST", "PUT", "DELETE")).allSatisfy(method ->
                given().request(method, "/api/signals").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400)));
    }

    @Test
    void thePageAndTheBundledChartLibraryAreServed() {
        given().get("/").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("vendor/lightweight-charts.standalone.production.js"));
        given().get("/vendor/lightweight-charts.standalone.production.js").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("createChart"));
    }
}
