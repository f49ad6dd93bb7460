package dev.marketfn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#read} is the one-pass form of {@code bind(tree(bytes))}: for every input, valid or not, both give the
 * same record or the same rejection (reason and path).
 */
class JsonReadTest {
    private static final String TRADE = """
            {"event_id":"e1","kind":"trade","provider":"polygon","symbol":"AAPL","asset_class":"equity",\
            "exchange":"XNAS","currency":"USD","ts":"2026-03-02T14:30:00.123456Z","ingest_ts":"2026-03-02T14:30:00.2Z",\
            "seq":17,"price":"189.5000","size":100,"conditions":["@","T"],"sets_last_price":true,\
            "raw_event_id":"r1","schema_version":1}""";
    private static final String BAR = """
            {"event_id":"e2","kind":"bar","provider":"alpaca","symbol":"BTC-USD","asset_class":"crypto",\
            "ts":"2026-03-02T14:30:00Z","seq":0,"interval":"1m","open":61000.5,"high":61010,"low":60990.25,\
            "close":61005.125,"volume":1.5E+2,"vwap":61001.1,"trade_count":12,"raw_event_id":"r2","schema_version":1,\
            "quality":{"score":0.97,"flags":[]}}""";
    private static final List<String> SEEDS = List.of(
            "{\"records\":[" + TRADE + "," + BAR + "]}",
            "{\"records\":[" + TRADE + "],\"extra\":{\"nested\":[1,2.5,{\"x\":null}]}}",
            "{\"records\":[]}");

    private static final List<String> FIXED = List.of(
            "", " ", "null", "[]", "{}", "{\"records\":null}", "{\"records\":{}}", "{\"records\":[null]}",
            "{\"records\":[1]}", "{\"records\":[" + TRADE + "]}]", "{\"records\":[" + TRADE + "]}{}",
            "{\"records\":[" + TRADE + "]} garbage",
            "{\"records\":[],\"skipped\":1e999999999}", "{\"records\":[],\"skipped\":[{\"deep\":-1E-99999}]}",
            "{\"records\":[" + TRADE.replace("\"seq\":17", "\"seq\":1e9999") + "]}",
            "{\"records\":[" + TRADE.replace("\"189.5000\"", "1e999999") + "]}",
            "{\"records\":[" + TRADE.replace("\"seq\":17", "\"seq\":\"x\"") + "]}",
            "{\"records\":[" + TRADE.replace("\"kind\":\"trade\"", "\"kind\":\"swap\"") + "]}",
            "{\"records\":[" + TRADE.replace("2026-03-02T14:30:00.123456Z", "yesterday") + "]}",
            "{\"records\":[" + TRADE.replace("\"seq\":17", "\"seq\":17,\"seq\":18") + "]}",
            "{\"records\":[" + TRADE.replace("\"schema_version\":1", "\"schema_version\":null") + "]}",
            "[".repeat(200) + "]".repeat(200),
            "{\"records\":[" + "[".repeat(70) + "]".repeat(70) + "]}");

    @Test
    void fixedInputsBindAndFailAlike() {
        for (String input : FIXED) {
            assertSame(input);
        }
        for (String input : SEEDS) {
            assertSame(input);
        }
    }

    @Test
    void mutatedInputsBindAndFailAlike() {
        Random random = new Random(20261207);
        String alphabet = "{}[]\",:0123456789.eE-+ nultrfa\\x";
        int checked = 0;
        for (String seed : SEEDS) {
            for (int i = 0; i < 1500; i++) {
                StringBuilder sb = new StringBuilder(seed);
                int edits = 1 + random.nextInt(3);
                for (int k = 0; k < edits && !sb.isEmpty(); k++) {
                    int at = random.nextInt(sb.length());
                    switch (random.nextInt(4)) {
                        case 0 -> sb.deleteCharAt(at);
                        case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        case 2 -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        default -> sb.insert(at, "e" + (random.nextBoolean() ? "" : "-") + "99999");
                    }
                }
                assertSame(sb.toString());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(SEEDS.size() * 1500);
    }

    private static void assertSame(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        Object twoStep;
        Object onePass;
        try {
            twoStep = Json.bind(Json.tree(bytes), CanonicalBatch.class, "data");
        } catch (InvalidInputException e) {
            twoStep = List.of(e.reason(), e.field(), String.valueOf(e.getMessage()));
        }
        try {
            onePass = Json.read(bytes, CanonicalBatch.class, "data");
        } catch (InvalidInputException e) {
            onePass = List.of(e.reason(), e.field(), String.valueOf(e.getMessage()));
        }
        assertThat(onePass).as(input).isEqualTo(twoStep);
        if (twoStep instanceof CanonicalBatch b && b.records() != null) {
            assertThat(new ArrayList<>(b.records())).isEqualTo(((CanonicalBatch) onePass).records());
        }
    }
}
