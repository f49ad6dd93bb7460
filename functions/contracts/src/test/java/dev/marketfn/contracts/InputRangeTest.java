package dev.marketfn.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Reliability findings 4 and 11: trailing content and numbers with huge exponents are rejections naming the field. */
class InputRangeTest {
    private static final String[] HUGE = {"1e999999999", "-1e999999999", "1e-999999999", "1E+2147483647"};

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void rejected(ThrowingCallable call, String reason, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        });
    }

    @Test
    void trailingContentIsMalformed() {
        String value = "[{\"T\":\"t\",\"S\":\"AAPL\"}]";
        for (String trailer : new String[] {"]", "garbage", "{}", "// c", " [1]", "\"x\"", "1"}) {
            rejected(() -> Json.tree(b(value + trailer)), RejectReason.MALFORMED_JSON, "data");
            rejected(() -> Json.lenientTree(b(value + trailer)), RejectReason.MALFORMED_JSON, "data");
        }
        // whitespace after the value is not content
        assertThat(Json.tree(b(value + " \r\n\t")).get(0).get("S").asText()).isEqualTo("AAPL");
    }

    @Test
    void quarkusMapperRejectsTrailingContentToo() {
        // JsonCustomizer applies Json.configure to Quarkus' (and so Funqy's) ObjectMapper
        ObjectMapper quarkus = Json.configure(new ObjectMapper());
        assertThatThrownBy(() -> quarkus.readTree("{\"a\":1}{}")).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> quarkus.readValue("[1]]", JsonNode.class)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void hugeExponentsAreOutOfRangeWhereverTheyAre() {
        for (String n : HUGE) {
            rejected(() -> Json.tree(b("[{\"p\":" + n + "}]")), RejectReason.OUT_OF_RANGE, "data[0].p");
            rejected(() -> Json.tree(b("{\"data\":{\"a\":[1," + n + "]}}")), RejectReason.OUT_OF_RANGE, "data.data.a[1]");
            rejected(() -> Json.tree(b(n)), RejectReason.OUT_OF_RANGE, "data");
            rejected(() -> Json.tree(b("{\"data\":[" + n + "]}"), ""), RejectReason.OUT_OF_RANGE, "data[0]");
        }
        // out of range and trailing content: the number is met first; its path is unknown since the rest is malformed
        rejected(() -> Json.tree(b("[1e999999999]]")), RejectReason.OUT_OF_RANGE, "data");
        // an exponent beyond int: Java's BigDecimal throws NumberFormatException, still a rejection
        assertThatThrownBy(() -> Json.tree(b("[1e-9999999999]"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Json.tree(b("[1e-2147483648]"))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void ordinaryNumbersStillParseExactly() {
        JsonNode n = Json.tree(b("{\"p\":185.12000000,\"big\":1e300,\"tiny\":4.9e-324,\"i\":123456789012345678901234567890}"));
        assertThat(n.get("p").decimalValue()).isEqualByComparingTo("185.12");
        assertThat(n.get("big").decimalValue()).isEqualByComparingTo("1e300");
        assertThat(n.get("tiny").decimalValue()).isEqualByComparingTo("4.9e-324");
        assertThat(Json.outOfRangeNumber(n, "data")).isNull();
        assertThat(new String(Json.bytes(n), StandardCharsets.UTF_8)).contains("\"p\":185.12");
    }

    @Test
    void lenientTreeKeepsTheNumberAndOutOfRangeNumberFindsIt() {
        JsonNode n = Json.lenientTree(b("{\"records\":[{\"price\":1},{\"price\":-1e999999999}]}"));
        assertThat(Json.outOfRangeNumber(n, "data")).isEqualTo("data.records[1].price");
        assertThat(Json.outOfRangeNumber(n, "")).isEqualTo("records[1].price");
        // what HttpDoor met: Jackson will not write such a number plain
        assertThatThrownBy(() -> Json.bytes(n)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void decimalRangeIs38DigitsEachSideOfThePoint() {
        for (String n : HUGE) {
            BigDecimal v = new BigDecimal(n);
            assertThat(Decimals.inRange(v)).as(n).isFalse();
            rejected(() -> Decimals.checked(v, "price"), RejectReason.OUT_OF_RANGE, "price");
            assertThatThrownBy(() -> Decimals.parse(n)).isInstanceOf(NumberFormatException.class);
            assertThat(Decimals.describe(v).length()).as("short detail").isLessThan(30);
        }
        assertThat(Decimals.inRange(new BigDecimal("9".repeat(38)))).isTrue();
        assertThat(Decimals.inRange(new BigDecimal("1e38"))).isFalse();
        assertThat(Decimals.inRange(new BigDecimal("-1e38"))).isFalse();
        assertThat(Decimals.inRange(new BigDecimal("1e-38"))).isTrue();
        assertThat(Decimals.inRange(new BigDecimal("1e-39"))).isFalse();
        assertThat(Decimals.inRange(new BigDecimal("0.000000000000000001"))).isTrue();
        // trailing zeros do not count, zero is zero whatever its exponent
        assertThat(Decimals.checked(new BigDecimal("1." + "0".repeat(60)), "x")).isEqualTo(BigDecimal.ONE);
        assertThat(Decimals.checked(new BigDecimal("0e999999999"), "x")).isEqualTo(BigDecimal.ZERO);
        assertThat(Decimals.checked(new BigDecimal("0e-999999999"), "x")).isEqualTo(BigDecimal.ZERO);
        assertThat(Decimals.parse("1E+2").toPlainString()).isEqualTo("100");
        assertThatThrownBy(() -> Decimals.parse("1" + "0".repeat(1000))).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void recordsBoundFromJsonAreRangeChecked() {
        String tpl = "{\"records\":[{\"event_id\":\"x\",\"kind\":\"trade\",\"provider\":\"p\",\"symbol\":\"S\","
                + "\"ts\":\"2024-03-01T14:30:00.000000Z\",\"seq\":1,\"schema_version\":1,\"price\":%s,\"size\":%s}]}";
        // 1e50 parses (its plain form is short enough) but is no price
        CanonicalBatch big = Json.bind(Json.tree(b(tpl.formatted("1e50", "1"))), CanonicalBatch.class, "data");
        rejected(() -> RecordValidation.validate(big.asBatch()), RejectReason.OUT_OF_RANGE, "records[0].price");
        CanonicalBatch tiny = Json.bind(Json.tree(b(tpl.formatted("1", "1e-50"))), CanonicalBatch.class, "data");
        rejected(() -> RecordValidation.validate(tiny.asBatch()), RejectReason.OUT_OF_RANGE, "records[0].size");
        // numbers as strings bind to BigDecimal too
        for (String n : HUGE) {
            CanonicalBatch s = Json.bind(Json.tree(b(tpl.formatted("\"" + n + "\"", "1"))), CanonicalBatch.class, "data");
            rejected(() -> RecordValidation.validate(s.asBatch()), RejectReason.OUT_OF_RANGE, "records[0].price");
            if (n.startsWith("-")) {
                // the detail must not be toPlainString(): a billion digits
                assertThatThrownBy(() -> RecordValidation.requirePositive(s.records().get(0).price(), "price"))
                        .isInstanceOfSatisfying(InvalidInputException.class,
                                e -> assertThat(e.detail()).isEqualTo("must be > 0, was -1E+999999999"));
            }
        }
        CanonicalRecord adjusted = CanonicalRecord.builder().kind(Kind.TRADE).provider("p").symbol("S")
                .ts(Instant.EPOCH).price(BigDecimal.ONE).size(BigDecimal.ONE)
                .adjustment(new Adjustment(new BigDecimal("1e-40"), BigDecimal.ONE, Adjustment.MODE_SPLIT, List.of()))
                .build();
        rejected(() -> RecordValidation.validate(adjusted), RejectReason.OUT_OF_RANGE, "adjustment.factor");
    }
}
