package dev.marketfn.providers;

import static dev.marketfn.providers.TestSupport.json;
import static dev.marketfn.providers.TestSupport.rejected;
import static dev.marketfn.providers.TestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RejectReason;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reliability findings 3 and 4: input that can never succeed is an {@link InvalidInputException} naming the field,
 * never an exception the function would treat as transient (StringIndexOutOfBounds, ArithmeticException, ...).
 */
class InputRobustnessTest {
    private static final String INGEST = "2024-03-01T15:00:00Z";
    private static final String[] HUGE = {"1e999999999", "-1e999999999", "1e-999999999", "1E+2147483647"};

    /** The tree without the parser's own number check, so the adapter's check is what is tested. */
    private static JsonNode lenient(String text) {
        return Json.lenientTree(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String alpacaTrade(String price, String size) {
        return "[{\"T\":\"t\",\"S\":\"AAPL\",\"i\":1,\"x\":\"D\",\"p\":" + price + ",\"s\":" + size
                + ",\"t\":\"2024-03-01T14:30:00Z\",\"c\":[\"@\"],\"z\":\"C\"}]";
    }

    @Test
    void hugeExponentsAreOutOfRangeAsNumberOrString() {
        for (String n : HUGE) {
            rejected(() -> run("alpaca", lenient(alpacaTrade(n, "1")), INGEST), RejectReason.OUT_OF_RANGE, "data[0].p");
            rejected(() -> run("alpaca", lenient(alpacaTrade("\"" + n + "\"", "1")), INGEST), RejectReason.OUT_OF_RANGE,
                    "data[0].p");
            rejected(() -> run("alpaca", lenient(alpacaTrade("1", n)), INGEST), RejectReason.OUT_OF_RANGE, "data[0].s");
            rejected(() -> run("alpaca", lenient(alpacaTrade("1", "\"" + n + "\"")), INGEST), RejectReason.OUT_OF_RANGE,
                    "data[0].s");
            // through the platform parser the number is already refused, at the same path
            rejected(() -> run("alpaca", json(alpacaTrade(n, "1")), INGEST), RejectReason.OUT_OF_RANGE, "data[0].p");
            // csv and IB RTVolume read decimals from text
            rejected(() -> run("csv", json("\"symbol,ts,price,size\\nX,1719999000000," + n + ",1\""), "2024-07-04T00:00:00Z"),
                    RejectReason.OUT_OF_RANGE, "data[1].price");
            rejected(() -> run("ibkr", json("\"" + n + ";5;1348075471534;67854;701.46918464;true\""), "AAPL",
                    "2012-09-19T18:00:00Z"), RejectReason.OUT_OF_RANGE, "data[price]");
        }
        // beyond 38 digits either side of the point, even where the parser has no objection
        rejected(() -> run("alpaca", json(alpacaTrade("1e38", "1")), INGEST), RejectReason.OUT_OF_RANGE, "data[0].p");
        rejected(() -> run("alpaca", json(alpacaTrade("1", "1e-39")), INGEST), RejectReason.OUT_OF_RANGE, "data[0].s");
        rejected(() -> run("alpaca", json(alpacaTrade("\"" + "1".repeat(2000) + "\"", "1")), INGEST),
                RejectReason.WRONG_TYPE, "data[0].p");
        // inside the range: exact, trailing zeros dropped
        CanonicalRecord ok = run("alpaca", json(alpacaTrade("\"0.000000000000000001000\"", "1e3")), INGEST).get(0);
        assertThat(ok.price()).isEqualTo(new BigDecimal("0.000000000000000001"));
        assertThat(ok.size()).isEqualTo(new BigDecimal("1000"));
    }

    @Test
    void polygonRoundLotsStayInRange() {
        String quote = "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bp\":1,\"bs\":%s,\"ap\":2,\"as\":1,\"t\":1709303400000,\"q\":1}]";
        assertThat(run("polygon", json(quote.formatted("1")), INGEST).get(0).bidSize()).isEqualTo(new BigDecimal("100"));
        rejected(() -> run("polygon", json(quote.formatted("1e37")), INGEST), RejectReason.OUT_OF_RANGE, "data[0].bs");
    }

    @Test
    void wholeNumbersAndInstantsOutOfRangeAreRejections() {
        // trade_count 1.5 used to be an ArithmeticException from longValueExact
        String bar = "\"symbol,ts,open,high,low,close,volume,interval,trade_count\\nAAPL,1719999000000,1,1,1,1,1,1m,%s\"";
        rejected(() -> run("csv", json(bar.formatted("1.5")), "2024-07-04T00:00:00Z"), RejectReason.WRONG_TYPE,
                "data[1].trade_count");
        rejected(() -> run("csv", json(bar.formatted("1e30")), "2024-07-04T00:00:00Z"), RejectReason.OUT_OF_RANGE,
                "data[1].trade_count");
        assertThat(run("csv", json(bar.formatted("85")), "2024-07-04T00:00:00Z").get(0).tradeCount()).isEqualTo(85L);
        // an all-digit ts beyond a long used to be a NumberFormatException
        rejected(() -> run("csv", json("\"symbol,ts,price,size\\nX,99999999999999999999999,1,1\""), "2024-07-04T00:00:00Z"),
                RejectReason.OUT_OF_RANGE, "data[1].ts");
        // IB seconds beyond Instant used to be a DateTimeException
        rejected(() -> run("ibkr", json("{\"type\":\"Last\",\"time\":9223372036854775807,\"price\":1,\"size\":1}"), "X",
                "2023-11-23T15:00:00Z"), RejectReason.OUT_OF_RANGE, "data.time");
    }

    @Test
    void controlCharacterSymbolsAreRejectedNotCrashes() {
        // finding 3: "\u0000" trims to "" and Symbols.equity("") used to throw StringIndexOutOfBoundsException
        rejected(() -> run("alpaca", json("[{\"T\":\"t\",\"S\":\"\\u0000\",\"i\":1,\"p\":1,\"s\":1,\"t\":\"2024-03-01T14:30:00Z\"}]"),
                INGEST), RejectReason.INVALID_VALUE, "data[0].S");
        rejected(() -> run("alpaca", json("[{\"T\":\"t\",\"S\":\"CRP\\u0000X\",\"i\":1,\"p\":1,\"s\":1,\"t\":\"2024-03-01T14:30:00Z\"}]"),
                INGEST), RejectReason.INVALID_VALUE, "data[0].S");
        rejected(() -> run("coinbase", json("{\"type\":\"match\",\"trade_id\":1,\"sequence\":1,\"product_id\":\"\\u0000\",\"price\":\"1\","
                + "\"size\":\"1\",\"time\":\"2024-03-01T14:30:00Z\",\"side\":\"buy\"}"), INGEST),
                RejectReason.INVALID_VALUE, "data.product_id");
        rejected(() -> run("finnhub", json("{\"type\":\"trade\",\"data\":[{\"s\":\"BINANCE:\",\"p\":1,\"v\":1,\"t\":1709303400000}]}"),
                INGEST), RejectReason.INVALID_VALUE, "data.data[0].s");
        rejected(() -> run("finnhub", json("{\"type\":\"trade\",\"data\":[{\"s\":\":\\u0000\",\"p\":1,\"v\":1,\"t\":1709303400000}]}"),
                INGEST), RejectReason.INVALID_VALUE, "data.data[0].s");
        rejected(() -> run("csv", json("\"symbol,ts,price,size\\nCRP\\u0000X,1719999000000,1,1\""), "2024-07-04T00:00:00Z"),
                RejectReason.INVALID_VALUE, "data[1].symbol");
        rejected(() -> run("ibkr", json("\"1;5;1348075471534;67854;701.46918464;true\""), "\u0000", "2012-09-19T18:00:00Z"),
                RejectReason.INVALID_VALUE, "subject");
    }

    @Test
    void symbolsNeverThrowAnythingButIllegalArgument() {
        String[] odd = {"", "\u0000", " \u0000 ", "-", "/", "_", ".", "..", "A..B", "-USD", "BTC-", "\u0000-USD", "CRP\u0000X",
            "\u00df", "\u0131", "\uD800", "BRK/", "/B", "USDT"};
        for (String s : odd) {
            for (java.util.function.UnaryOperator<String> canon : List.<java.util.function.UnaryOperator<String>>of(
                    Symbols::equity, Symbols::crypto)) {
                try {
                    String out = canon.apply(s);
                    assertThat(out).as("'%s'", s).isNotEmpty();
                } catch (IllegalArgumentException expected) {
                    // a rejection (INVALID_VALUE in the adapters)
                }
            }
            Symbols.looksLikeCryptoPair(s);
        }
        assertThat(Symbols.looksLikeCryptoPair(null)).isFalse();
        assertThat(Symbols.quoteAsset("")).isEmpty();
    }

    @Test
    void anythingElseAnAdapterThrowsIsARejection() {
        ProviderAdapter broken = new ProviderAdapter() {
            @Override
            public String provider() {
                return "broken";
            }

            @Override
            public List<CanonicalRecord> normalize(RawMessage msg) {
                return List.of(List.<CanonicalRecord>of().get(msg.data().size()));
            }
        };
        Providers providers = Providers.of(List.of(broken));
        assertThatThrownBy(() -> providers.normalize(new RawMessage("broken", "r", json("[1]"), null, Instant.now())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.INVALID_VALUE);
                    assertThat(e.field()).isEqualTo("data");
                    assertThat(e.detail()).contains("IndexOutOfBoundsException");
                });
    }
}
