package dev.marketfn.indicator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redeliveries (docs/reliability.md): an input redelivered after a crash between the commit and the send re-emits the
 * bars it closed (finding 7), and a redelivered corporate-action.applied never rescales a series twice, including a
 * series created after the action was first applied (finding 10). Each test has its own provider, so the provider
 * watermarks of the tests do not interfere.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class IndicatorRedeliveryTest {
    @Inject
    Pool pool;

    static String trade(String provider, String symbol, String ts, long seq, String price, String size) {
        return """
                {"event_id":"%1$s|%2$s|%3$s|%4$d","kind":"trade","provider":"%1$s","symbol":"%2$s","ts":"%3$s",
                 "seq":%4$d,"price":%5$s,"size":%6$s,"asset_class":"equity","schema_version":1}"""
                .formatted(provider, symbol, ts, seq, price, size);
    }

    static ExtractableResponse<Response> post(String ceId, String type, String data) {
        return given().header("ce-specversion", "1.0").header("ce-id", ceId).header("ce-type", type)
                .header("ce-source", "/marketfn/corporate-action").contentType("application/json").body(data)
                .post("/").then().extract();
    }

    static ExtractableResponse<Response> ticks(String ceId, String... trades) {
        return post(ceId, "dev.marketfn.tick.adjusted.v1", "{\"records\":[" + String.join(",", trades) + "]}");
    }

    static ExtractableResponse<Response> applied(String ceId, String actionId, String symbol, String price,
            String volume) {
        ExtractableResponse<Response> r = post(ceId, "dev.marketfn.corporate-action.applied.v1", """
                {"action_id":"%s","symbol":"%s","type":"split","price_adjustment_factor":%s,
                 "volume_adjustment_factor":%s,"affected_from":null,"affected_to":"2024-02-29",
                 "known_at":"2024-02-20T00:00:00.000000Z"}""".formatted(actionId, symbol, price, volume));
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 204);
        assertThat(r.header("ce-type")).isNull(); // applied, nothing to reply (not a rejection)
        return r;
    }

    /** The 1m record of {@code symbol} in an indicator.computed reply. */
    static JsonNode oneMinute(ExtractableResponse<Response> r, String symbol) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.header("ce-type")).isEqualTo("dev.marketfn.indicator.computed.v1");
        List<JsonNode> found = new ArrayList<>();
        Json.tree(r.asByteArray()).path("records").forEach(rec -> {
            if ("1m".equals(rec.path("interval").asText()) && symbol.equals(rec.path("symbol").asText())) {
                found.add(rec);
            }
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private String state(String scope, String key) {
        RowSet<Row> rows = pool.preparedQuery("SELECT state::text FROM function_state WHERE scope = $1 AND key = $2")
                .execute(Tuple.of(scope, key)).await().indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    @Test
    void aRedeliveredInputReEmitsTheBarsItClosedWithTheSameIdAndContent() {
        String p = "redeliv";
        ticks("f7-1", trade(p, "RDLV", "2024-03-01T14:30:10.000000Z", 1, "10", "10"),
                trade(p, "RDLV", "2024-03-01T14:30:50.000000Z", 2, "12", "10"));
        ExtractableResponse<Response> first = ticks("f7-2", trade(p, "RDLV", "2024-03-01T14:31:01.000000Z", 3, "11", "10"));
        assertThat(oneMinute(first, "RDLV").path("bar").path("close").decimalValue()).isEqualByComparingTo("12");
        assertThat(first.header("ce-id")).isEqualTo(EventIds.derive("f7-2", "indicator"));

        // killed after the commit, before the send: the redelivery finds the bars emitted and must send them again
        ExtractableResponse<Response> again = ticks("f7-2", trade(p, "RDLV", "2024-03-01T14:31:01.000000Z", 3, "11", "10"));
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(again.header("ce-id")).isEqualTo(first.header("ce-id"));
        assertThat(again.header("ce-type")).isEqualTo(first.header("ce-type"));
        assertThat(again.header("ce-partitionkey")).isEqualTo("RDLV").isEqualTo(first.header("ce-partitionkey"));
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(pool.preparedQuery("SELECT emitted_by FROM bars_ohlcv WHERE provider = $1 AND \"interval\" = '1m' "
                + "AND ts = '2024-03-01T14:30:00Z'").execute(Tuple.of(p)).await().indefinitely().iterator().next()
                .getString(0)).isEqualTo("f7-2");

        // an input that closed nothing new stays silent, and a later input does not re-send earlier bars
        ExtractableResponse<Response> later = ticks("f7-3", trade(p, "RDLV", "2024-03-01T14:31:20.000000Z", 4, "11", "5"));
        assertThat(later.asString()).doesNotContain("\"2024-03-01T14:30:00.000000Z\"");
    }

    @Test
    void anActionRedeliveredAfterASeriesWasCreatedDoesNotRescaleItAgain() {
        String p = "rescale-a";
        // the 1:10 split is applied before the instrument has any series: nothing to rescale
        applied("ca-a-1", "A-SPLIT", "RSCA", "0.1", "10");
        ticks("a-1", trade(p, "RSCA", "2024-03-01T14:30:10.000000Z", 1, "10", "10"),
                trade(p, "RSCA", "2024-03-01T14:30:50.000000Z", 2, "12", "10"));
        JsonNode bar1 = oneMinute(ticks("a-2", trade(p, "RSCA", "2024-03-01T14:31:01.000000Z", 3, "11", "10")), "RSCA");
        assertThat(bar1.path("indicators").path("obv").doubleValue()).isEqualTo(20.0);
        String before = state("indicator", p + "|RSCA|1m");
        assertThat(before).isNotNull();

        // the applied event again (replay of the day, or a redelivery): the series is already in the adjusted basis
        ExtractableResponse<Response> again = applied("ca-a-1", "A-SPLIT", "RSCA", "0.1", "10");
        assertThat(again.statusCode()).isIn(200, 204);
        assertThat(state("indicator", p + "|RSCA|1m")).isEqualTo(before);

        // the next bar continues the series unscaled: close 11 < 12, OBV 20 − 10
        JsonNode bar2 = oneMinute(ticks("a-3", trade(p, "RSCA", "2024-03-01T14:32:01.000000Z", 4, "13", "10")), "RSCA");
        assertThat(bar2.path("indicators").path("obv").doubleValue()).isEqualTo(10.0);
    }

    @Test
    void anActionAppliedToAnExistingSeriesRescalesItOnceAndACorrectionByTheRatio() {
        String p = "rescale-b";
        // trades of another symbol of the provider move the watermark, so each RSCB bar holds trades of one basis
        ticks("b-1", trade(p, "RSCB", "2024-03-01T14:30:10.000000Z", 1, "10", "10"),
                trade(p, "RSCB", "2024-03-01T14:30:50.000000Z", 2, "12", "10"));
        JsonNode bar1 = oneMinute(ticks("b-2", trade(p, "WMKB", "2024-03-01T14:31:01.000000Z", 1, "1", "1")), "RSCB");
        assertThat(bar1.path("symbol").asText()).isEqualTo("RSCB");
        assertThat(bar1.path("indicators").path("obv").doubleValue()).isEqualTo(20.0);

        // 2:1: OBV 40, previous close 6; applied again: nothing changes
        applied("ca-b-1", "B-SPLIT", "RSCB", "0.5", "2");
        String rescaled = state("indicator", p + "|RSCB|1m");
        applied("ca-b-1", "B-SPLIT", "RSCB", "0.5", "2");
        assertThat(state("indicator", p + "|RSCB|1m")).isEqualTo(rescaled);
        // the next bar in the adjusted basis: close 5.5 < 6, OBV 40 − 20
        JsonNode bar2 = oneMinute(ticks("b-3", trade(p, "RSCB", "2024-03-01T14:31:30.000000Z", 3, "5.5", "20"),
                trade(p, "WMKB", "2024-03-01T14:32:01.000000Z", 2, "1", "1")), "RSCB");
        assertThat(bar2.path("symbol").asText()).isEqualTo("RSCB");
        assertThat(bar2.path("indicators").path("obv").doubleValue()).isEqualTo(20.0);

        // a correction (a later version, 4:1): rescaled by 0.25/0.5 and 4/2, so OBV 40 and previous close 2.75
        applied("ca-b-2", "B-SPLIT", "RSCB", "0.25", "4");
        applied("ca-b-2", "B-SPLIT", "RSCB", "0.25", "4");
        JsonNode bar3 = oneMinute(ticks("b-4", trade(p, "RSCB", "2024-03-01T14:32:30.000000Z", 4, "2.5", "40"),
                trade(p, "WMKB", "2024-03-01T14:33:01.000000Z", 3, "1", "1")), "RSCB");
        // close 2.5 < 2.75: OBV 40 − 40
        assertThat(bar3.path("indicators").path("obv").doubleValue()).isEqualTo(0.0);
    }
}
