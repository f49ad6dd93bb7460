package dev.marketfn.qualitycheck;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.Kind;
import dev.marketfn.quality.SeriesCheckpoint;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records as the normalizer emits them, the CloudEvent post, and reads of what quality-check stored. */
final class QualityTesting {
    private QualityTesting() {
    }

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    static CanonicalRecord.Builder equityTrade(String provider, String symbol, Instant ts, long seq, String price,
            String size) {
        return CanonicalRecord.builder().kind(Kind.TRADE).provider(provider).symbol(symbol).assetClass("equity")
                .exchange("XNYS").currency("USD").isin("US0000000000").ts(ts).ingestTs(ts.plusMillis(150)).seq(seq)
                .price(d(price)).size(d(size)).rawEventId("raw-" + provider + "-" + seq);
    }

    static CanonicalRecord.Builder cryptoTrade(String provider, String symbol, Instant ts, long seq, String price,
            String size) {
        return CanonicalRecord.builder().kind(Kind.TRADE).provider(provider).symbol(symbol).assetClass("crypto")
                .exchange(provider.toUpperCase()).currency(symbol.substring(symbol.indexOf('-') + 1)).ts(ts)
                .ingestTs(ts.plusMillis(80)).seq(seq).price(d(price)).size(d(size))
                .rawEventId("raw-" + provider + "-" + seq);
    }

    static CanonicalRecord.Builder quote(String provider, String symbol, Instant ts, long seq, String bid,
            String ask) {
        return CanonicalRecord.builder().kind(Kind.QUOTE).provider(provider).symbol(symbol).assetClass("equity")
                .exchange("XNYS").currency("USD").isin("US0000000000").ts(ts).ingestTs(ts.plusMillis(40)).seq(seq)
                .bid(d(bid)).ask(d(ask)).bidSize(d("300")).askSize(d("200")).rawEventId("raw-" + provider + "-" + seq);
    }

    static CanonicalRecord.Builder bar(String provider, String symbol, String interval, Instant ts, String o,
            String h, String l, String c, String v) {
        return CanonicalRecord.builder().kind(Kind.BAR).provider(provider).symbol(symbol).assetClass("equity")
                .exchange("XNYS").currency("USD").isin("US4592001014").interval(interval).ts(ts).seq(0)
                .ingestTs(ts.plusSeconds(61)).open(d(o)).high(d(h)).low(d(l)).close(d(c)).volume(d(v))
                .rawEventId("raw-" + provider + "-" + symbol + "-" + ts);
    }

    static String body(List<CanonicalRecord> records) {
        return new String(Json.bytes(Batch.of(records)), StandardCharsets.UTF_8);
    }

    /** A normalized-tick CloudEvent in binary content mode, as the broker delivers it. */
    static Response post(String ceId, List<CanonicalRecord> records) {
        return given().header("ce-specversion", "1.0").header("ce-id", ceId)
                .header("ce-type", "dev.marketfn.tick.normalized.v1").header("ce-source", "/marketfn/normalize")
                .contentType("application/json").body(body(records)).post("/");
    }

    /** The checked records of a reply, by event id. */
    static Map<String, JsonNode> checked(Response reply) {
        Map<String, JsonNode> byId = new HashMap<>();
        if (reply.statusCode() == 204 || reply.asByteArray().length == 0) {
            return byId;
        }
        for (JsonNode r : Json.tree(reply.asByteArray()).path("records")) {
            byId.put(r.path("event_id").asText(), r);
        }
        return byId;
    }

    record StoredAlert(String alertId, String type, String severity, String provider, String symbol, String eventId,
            JsonNode values) {
    }

    static List<StoredAlert> alerts(Pool pool, List<String> eventIds) {
        List<StoredAlert> found = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                SELECT alert_id, alert_type, severity, provider, symbol, event_id, "values"::text
                FROM quality_alerts WHERE event_id = ANY($1) ORDER BY alert_id""")
                .execute(Tuple.of(eventIds.toArray(String[]::new))).await().indefinitely()) {
            String values = row.getString(6);
            found.add(new StoredAlert(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                    row.getString(4), row.getString(5),
                    values == null ? null : Json.tree(values.getBytes(StandardCharsets.UTF_8))));
        }
        return found;
    }

    static List<String> ids(List<CanonicalRecord> records) {
        return records.stream().map(CanonicalRecord::eventId).toList();
    }

    static SeriesCheckpoint checkpoint(Pool pool, String key) {
        var rows = pool.preparedQuery("SELECT state::text FROM function_state WHERE scope = 'quality' AND key = $1")
                .execute(Tuple.of(key)).await().indefinitely();
        if (rows.size() == 0) {
            return null;
        }
        return SeriesCheckpoint.fromJson(rows.iterator().next().getString(0).getBytes(StandardCharsets.UTF_8));
    }

    /** quality.score must be the docs/contract/payloads.md weighting of the components it reports. */
    static double formula(JsonNode quality) {
        return 0.3 * quality.path("completeness").asDouble() + 0.4 * quality.path("accuracy").asDouble()
                + 0.2 * quality.path("timeliness").asDouble() + 0.1 * quality.path("consistency").asDouble();
    }

    static List<String> flags(JsonNode record) {
        List<String> flags = new ArrayList<>();
        record.path("quality").path("flags").forEach(f -> flags.add(f.asText()));
        return flags;
    }
}
