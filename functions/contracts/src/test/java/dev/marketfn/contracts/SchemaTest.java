package dev.marketfn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The shipped schemas describe exactly what {@link Json#MAPPER} writes for each payload record. */
class SchemaTest {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Instant TS = Instant.parse("2024-03-01T14:30:00.123456Z");

    private static JsonNode schemaJson(String type) throws Exception {
        try (InputStream in = SchemaTest.class.getClassLoader().getResourceAsStream("schemas/" + EventTypes.schemaFile(type))) {
            assertThat(in).as("schema of %s", type).isNotNull();
            return Json.MAPPER.readTree(in);
        }
    }

    private static JsonSchema schema(String type) throws Exception {
        return FACTORY.getSchema(schemaJson(type));
    }

    private static Set<ValidationMessage> validate(String type, JsonNode data) throws Exception {
        return schema(type).validate(data);
    }

    private static void assertValid(String type, Object payload) throws Exception {
        JsonNode data = Json.toTree(payload);
        assertThat(validate(type, data)).as("%s: %s", type, data).isEmpty();
    }

    /** Serializes, applies a breaking change, and expects the schema to reject it. */
    private static void assertInvalid(String type, Object payload, Consumer<ObjectNode> breakIt) throws Exception {
        JsonNode data = Json.toTree(payload);
        ObjectNode target = data.has("records") ? (ObjectNode) data.get("records").get(0) : (ObjectNode) data;
        breakIt.accept(target);
        assertThat(validate(type, data)).as("%s must reject %s", type, data).isNotEmpty();
    }

    static List<String> payloadTypes() throws IllegalAccessException {
        List<String> types = new ArrayList<>();
        for (Field f : EventTypes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String type = (String) f.get(null);
                if (!type.equals(EventTypes.PING)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    @Test
    void everyEventTypeHasAWellFormedSchema() throws Exception {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<String> types = payloadTypes();
        assertThat(types).hasSize(13);
        for (String type : types) {
            JsonNode s = schemaJson(type);
            assertThat(s.get("$id").asText()).isEqualTo(EventTypes.dataschema(type));
            assertThat(s.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(meta.validate(s)).as("%s against the 2020-12 meta-schema", type).isEmpty();
        }
    }

    @Test
    void raw() throws Exception {
        assertThat(validate(EventTypes.RAW, Json.MAPPER.readTree("{\"T\":\"t\",\"p\":1.5}"))).isEmpty();
        assertThat(validate(EventTypes.RAW, Json.MAPPER.readTree("[{\"ev\":\"T\"}]"))).isEmpty();
        assertThat(validate(EventTypes.RAW, Json.MAPPER.readTree("\"ts,symbol,price\\n1,AAPL,2\""))).isEmpty();
        assertThat(validate(EventTypes.RAW, Json.MAPPER.readTree("42"))).isNotEmpty();
    }

    static CanonicalRecord trade() {
        return CanonicalRecord.builder().kind(Kind.TRADE).provider("alpaca").symbol("AAPL").exchange("V")
                .ts(TS).ingestTs(TS.plusMillis(5)).seq(7).price(new BigDecimal("185.12000000")).size(new BigDecimal("100"))
                .conditions(List.of("@", "I")).setsLastPrice(false).rawEventId("raw-1").build();
    }

    static CanonicalRecord quote() {
        return CanonicalRecord.builder().kind(Kind.QUOTE).provider("polygon").symbol("MSFT").ts(TS).seq(1)
                .bid(new BigDecimal("410.1")).ask(new BigDecimal("410.12")).bidSize(BigDecimal.TEN).askSize(BigDecimal.ONE)
                .build();
    }

    static CanonicalRecord bar() {
        return CanonicalRecord.builder().kind(Kind.BAR).provider("alpaca").symbol("BRK.B").ts(TS).seq(0).interval("1d")
                .open(new BigDecimal("1")).high(new BigDecimal("2")).low(new BigDecimal("0.5")).close(new BigDecimal("1.5"))
                .volume(new BigDecimal("1000")).vwap(new BigDecimal("1.25")).tradeCount(12L).build();
    }

    static Quality quality() {
        return Quality.of(1, 0.9, 0.8, 1, List.of("LATE"));
    }

    @Test
    void normalized() throws Exception {
        String t = EventTypes.TICK_NORMALIZED;
        assertValid(t, Batch.of(List.of(trade(), quote(), bar())));
        assertInvalid(t, Batch.of(List.of(trade())), r -> r.remove("price"));
        assertInvalid(t, Batch.of(List.of(quote())), r -> r.remove("ask"));
        assertInvalid(t, Batch.of(List.of(bar())), r -> r.remove("close"));
        assertInvalid(t, Batch.of(List.of(trade())), r -> r.remove("event_id"));
        assertInvalid(t, Batch.of(List.of(trade())), r -> r.put("price", "185.12"));
        assertInvalid(t, Batch.of(List.of(trade())), r -> r.put("ts", "2024-03-01T14:30:00Z"));
        assertInvalid(t, Batch.of(List.of(trade())), r -> r.put("kind", "TRADE"));
        assertInvalid(t, Batch.of(List.of(bar())), r -> r.put("interval", "2m"));
        assertInvalid(t, Batch.of(List.of(trade())), r -> r.put("bid_price", 1));
        assertInvalid(t, Batch.of(List.of(trade().withQuality(quality()))), r -> { }); // quality belongs to checked
        assertThat(validate(t, Json.MAPPER.readTree("{\"records\": {}}"))).isNotEmpty();
    }

    @Test
    void checked() throws Exception {
        String t = EventTypes.TICK_CHECKED;
        assertValid(t, Batch.of(List.of(trade().withQuality(quality()), bar().withQuality(quality()))));
        assertInvalid(t, Batch.of(List.of(trade())), r -> { });
        assertInvalid(t, Batch.of(List.of(trade().withQuality(quality()))), r -> ((ObjectNode) r.get("quality")).put("score", 1.5));
        assertInvalid(t, Batch.of(List.of(trade().withQuality(quality()))), r -> ((ObjectNode) r.get("quality")).remove("flags"));
    }

    @Test
    void adjusted() throws Exception {
        String t = EventTypes.TICK_ADJUSTED;
        Adjustment adj = new Adjustment(new BigDecimal("0.25"), new BigDecimal("4"), Adjustment.MODE_SPLIT, List.of("AAPL-2020-split"));
        CanonicalRecord r = bar().withQuality(quality()).toBuilder().adjustment(adj).build();
        assertValid(t, Batch.of(List.of(r)));
        assertInvalid(t, Batch.of(List.of(bar().withQuality(quality()))), x -> { });
        assertInvalid(t, Batch.of(List.of(r)), x -> ((ObjectNode) x.get("adjustment")).put("mode", "dividend"));
        assertInvalid(t, Batch.of(List.of(r)), x -> ((ObjectNode) x.get("adjustment")).put("factor", "0.25"));
    }

    @Test
    void qualityAlert() throws Exception {
        String t = EventTypes.QUALITY_ALERT;
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("gap_seconds", 120);
        QualityAlert a = new QualityAlert("alert-1", QualityAlert.STALE_DATA, "HIGH", "alpaca", "AAPL", TS, null,
                "no trade for 120 s", values);
        assertValid(t, Batch.of(List.of(a)));
        assertInvalid(t, Batch.of(List.of(a)), x -> x.put("severity", "SEVERE"));
        assertInvalid(t, Batch.of(List.of(a)), x -> x.remove("alert_id"));
    }

    @Test
    void corporateActions() throws Exception {
        String announced = EventTypes.CORPORATE_ACTION_ANNOUNCED;
        CorporateActionAnnounced split = new CorporateActionAnnounced("AAPL-2020-split", "AAPL", "split",
                new BigDecimal("4"), null, null, LocalDate.of(2020, 8, 31), LocalDate.of(2020, 8, 24),
                LocalDate.of(2020, 8, 28), null, null);
        assertValid(announced, split);
        assertValid(announced, split.withKnownAt(TS));
        assertValid(announced, new CorporateActionAnnounced("MSFT-div", "MSFT", "cash_dividend", null,
                new BigDecimal("0.75"), "USD", LocalDate.of(2024, 2, 14), null, null, null, null));
        assertInvalid(announced, split, x -> x.remove("ex_date"));
        assertInvalid(announced, split, x -> x.put("type", "merger"));
        assertInvalid(announced, split, x -> x.putNull("ratio"));
        assertInvalid(announced, split, x -> x.put("ex_date", "31/08/2020"));

        String applied = EventTypes.CORPORATE_ACTION_APPLIED;
        CorporateActionApplied a = new CorporateActionApplied("AAPL-2020-split", "AAPL", "split", new BigDecimal("0.25"),
                new BigDecimal("4"), null, LocalDate.of(2020, 8, 28), TS, null);
        assertValid(applied, a);
        assertInvalid(applied, a, x -> x.remove("price_adjustment_factor"));
        assertInvalid(applied, a, x -> x.put("volume_adjustment_factor", -4));
    }

    @Test
    void indicatorComputed() throws Exception {
        String t = EventTypes.INDICATOR_COMPUTED;
        Map<String, Double> indicators = new LinkedHashMap<>();
        indicators.put("sma_20", 101.5);
        indicators.put("rsi_14", null);
        indicators.put("obv", -1200.0);
        IndicatorComputed r = new IndicatorComputed("alpaca", "AAPL", "1m", TS,
                new BarValues(BigDecimal.ONE, BigDecimal.TWO, new BigDecimal("0.5"), new BigDecimal("1.5"),
                        new BigDecimal("300"), null, 3), indicators);
        assertValid(t, Batch.of(List.of(r)));
        assertInvalid(t, Batch.of(List.of(r)), x -> ((ObjectNode) x.get("indicators")).put("rsi_41", 1));
        assertInvalid(t, Batch.of(List.of(r)), x -> ((ObjectNode) x.get("indicators")).put("rsi_14", "high"));
        assertInvalid(t, Batch.of(List.of(r)), x -> ((ObjectNode) x.get("bar")).remove("close"));
        assertInvalid(t, Batch.of(List.of(r)), x -> x.remove("ts"));
    }

    @Test
    void alphaCall() throws Exception {
        String t = EventTypes.ALPHA_CALL;
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("rsi_14", 25.0);
        values.put("prev(close)", null);
        AlphaCall c = new AlphaCall("sig-1", "alpaca", "AAPL", "1d", TS, AlphaCall.Action.BUY, 0.8, 0.6,
                List.of(new AlphaCall.Rationale("rsi_oversold", "rsi_14 < 30", values, 1.0, 0.7)),
                new AlphaCall.Model("lr", "1"));
        assertValid(t, Batch.of(List.of(c)));
        assertValid(t, Batch.of(List.of(new AlphaCall("sig-2", "alpaca", "AAPL", "1d", TS, AlphaCall.Action.NO_ACTION,
                0, 0, List.of(), null))));
        assertInvalid(t, Batch.of(List.of(c)), x -> x.put("action", "buy"));
        assertInvalid(t, Batch.of(List.of(c)), x -> x.put("score", 2));
        assertInvalid(t, Batch.of(List.of(c)), x -> x.remove("model"));
        assertInvalid(t, Batch.of(List.of(c)), x -> ((ObjectNode) x.get("rationale").get(0)).remove("weight"));
        assertInvalid(t, Batch.of(List.of(c)), x -> ((ObjectNode) x.get("model")).remove("version"));
    }

    @Test
    void rejected() throws Exception {
        String t = EventTypes.REJECTED;
        Rejection r = Rejection.of(InvalidInputException.missing("records[0].price"), "in-1", EventTypes.TICK_NORMALIZED);
        assertValid(t, r);
        assertValid(t, new Rejection(RejectReason.NOT_A_CLOUDEVENT, null, null, null, null));
        assertInvalid(t, r, x -> x.remove("reason"));
        assertInvalid(t, r, x -> x.put("reason", 404));
    }
}
