package dev.marketfn.console;

import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The events the tests send the console, built as alpha-call and the indicator build theirs (codec OutEvent). */
final class TestEvents {
    private TestEvents() {
    }

    static OutEvent signal(String id, String symbol, Instant ts, String action, double confidence, String rule) {
        String json = "{\"records\": [{\"signal_id\": \"" + id + "\", \"provider\": \"" + Fixture.PROVIDER
                + "\", \"symbol\": \"" + symbol + "\", \"interval\": \"1m\", \"ts\": \"" + ts + "\", \"action\": \""
                + action + "\", \"confidence\": " + confidence + ", \"score\": 0.5, \"rationale\": [{\"rule\": \""
                + rule + "\", \"condition\": \"rsi_14 < 30\", \"values\": {}, \"vote\": 1, \"weight\": 1}],"
                + " \"model\": null}]}";
        return OutEvent.builder("alpha-call", EventTypes.ALPHA_CALL, id).symbol(symbol)
                .extension("action", action.toLowerCase(java.util.Locale.ROOT).replace("_", ""))
                .data(json.getBytes(StandardCharsets.UTF_8));
    }

    static OutEvent bar(String id, String symbol, Instant ts, double close) {
        return OutEvent.builder("indicator", EventTypes.INDICATOR_COMPUTED, id).symbol(symbol)
                .data(("{\"records\": [" + barRecord(symbol, ts, close) + "]}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A carrier of the indicator's Kafka door holding one bar of each symbol, in order, written as RunCoalescer writes
     * one: keyed by the first symbol, and without a symbol attribute, since its records name several.
     */
    static OutEvent barCarrier(String id, Instant ts, double close, String... symbols) {
        StringBuilder parts = new StringBuilder();
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < symbols.length; i++) {
            String sep = i == 0 ? "" : ", ";
            parts.append(sep).append("{\"id\": \"").append(id).append('-').append(i).append("\", \"records\": 1}");
            records.append(sep).append(barRecord(symbols[i], ts, close));
        }
        return OutEvent.builder("indicator", EventTypes.INDICATOR_COMPUTED, id).symbols(List.of(symbols))
                .data(("{\"parts\": [" + parts + "], \"records\": [" + records + "]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static String barRecord(String symbol, Instant ts, double close) {
        return "{\"provider\": \"" + Fixture.PROVIDER + "\", \"symbol\": \"" + symbol
                + "\", \"interval\": \"1m\", \"ts\": \"" + ts + "\", \"bar\": {\"open\": " + close + ", \"high\": "
                + (close + 1) + ", \"low\": " + (close - 1) + ", \"close\": " + close + ", \"volume\": 500,"
                + " \"vwap\": null, \"trade_count\": 5}, \"indicators\": {\"sma_20\": " + (close - 0.5) + "}}";
    }

    /** A quality alert naming no symbol (SOURCE_UNAVAILABLE): no subject, symbol or partition key, so no record key. */
    static OutEvent sourceUnavailable(String id, Instant ts) {
        String json = "{\"records\": [{\"alert_id\": \"" + id + "\", \"alert_type\": \"SOURCE_UNAVAILABLE\","
                + " \"severity\": \"HIGH\", \"provider\": \"" + Fixture.PROVIDER + "\", \"symbol\": null,"
                + " \"ts\": \"" + ts + "\", \"detail\": \"silent\"}]}";
        return OutEvent.builder("quality-check", EventTypes.QUALITY_ALERT, id)
                .data(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A rejection as the runtime answers an input without subject: keyed by the input's partition key, naming no
     * symbol.
     */
    static OutEvent rejection(String id, String inputPartitionKey) {
        String json = "{\"reason\": \"MISSING_ATTRIBUTE\", \"field\": \"subject\", \"detail\": \"" + id
                + "\", \"input_id\": \"in-" + id + "\", \"input_type\": \"" + EventTypes.TICK_NORMALIZED + "\"}";
        return OutEvent.builder("quality-check", EventTypes.REJECTED, id).extension("partitionkey", inputPartitionKey)
                .extension("inputtype", EventTypes.TICK_NORMALIZED).data(json.getBytes(StandardCharsets.UTF_8));
    }
}
