package dev.marketfn.console;

import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

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
        String json = "{\"records\": [{\"provider\": \"" + Fixture.PROVIDER + "\", \"symbol\": \"" + symbol
                + "\", \"interval\": \"1m\", \"ts\": \"" + ts + "\", \"bar\": {\"open\": " + close + ", \"high\": "
                + (close + 1) + ", \"low\": " + (close - 1) + ", \"close\": " + close + ", \"volume\": 500,"
                + " \"vwap\": null, \"trade_count\": 5}, \"indicators\": {\"sma_20\": " + (close - 0.5) + "}}]}";
        return OutEvent.builder("indicator", EventTypes.INDICATOR_COMPUTED, id).symbol(symbol)
                .data(json.getBytes(StandardCharsets.UTF_8));
    }
}
