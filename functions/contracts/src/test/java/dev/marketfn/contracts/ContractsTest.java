package dev.marketfn.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContractsTest {

    @Test
    void decimalsStayExact() {
        assertThat(Decimals.parse("185.12000000").toPlainString()).isEqualTo("185.12");
        assertThat(Decimals.parse("100").toPlainString()).isEqualTo("100");
        assertThat(Decimals.parse("1E+2").toPlainString()).isEqualTo("100");
        assertThat(Decimals.parse("0.00000001").toPlainString()).isEqualTo("0.00000001");
    }

    @Test
    void timestampsAreMicrosecondUtc() {
        Instant ts = Instant.parse("2024-03-01T14:30:00.123456789Z");
        assertThat(Timestamps.format(ts)).isEqualTo("2024-03-01T14:30:00.123456Z");
        assertThat(Timestamps.parse("2024-03-01T09:30:00.5-05:00")).isEqualTo(Instant.parse("2024-03-01T14:30:00.500Z"));
        assertThat(Timestamps.ofEpochNanos(1_709_303_400_123_456_789L)).isEqualTo(Instant.parse("2024-03-01T14:30:00.123456Z"));
    }

    @Test
    void recordRoundTripsExactly() throws Exception {
        CanonicalRecord r = CanonicalRecord.builder().kind(Kind.TRADE).provider("alpaca").symbol("AAPL")
                .ts(Instant.parse("2024-03-01T14:30:00.123456789Z")).ingestTs(Instant.parse("2024-03-01T14:30:01Z"))
                .seq(7).price(new BigDecimal("185.12000000")).size(new BigDecimal("100")).build();
        assertThat(r.eventId()).isEqualTo("alpaca|AAPL|2024-03-01T14:30:00.123456Z|7");
        String json = Json.MAPPER.writeValueAsString(Batch.of(java.util.List.of(r)));
        assertThat(json).contains("\"price\":185.12").contains("\"ts\":\"2024-03-01T14:30:00.123456Z\"")
                .contains("\"isin\":null").doesNotContain("\"bid\"");
        JsonNode tree = Json.tree(json.getBytes());
        CanonicalRecord back = Json.bind(tree.get("records").get(0), CanonicalRecord.class, "records[0]");
        assertThat(back).isEqualTo(r);
    }

    @Test
    void derivedIdsAreDeterministic() {
        assertThat(EventIds.derive("abc", "normalize")).isEqualTo(EventIds.derive("abc", "normalize"))
                .isNotEqualTo(EventIds.derive("abc", "quality-check"));
    }

    @Test
    void wrongTypeNamesTheField() {
        JsonNode node = Json.tree("{\"records\":[{\"event_id\":\"x\",\"kind\":\"trade\",\"price\":\"abc\"}]}".getBytes());
        assertThatThrownBy(() -> Json.bind(node, CanonicalBatch.class, "data"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.WRONG_TYPE);
                    assertThat(e.field()).isEqualTo("data.records[0].price");
                });
    }

    @Test
    void malformedAndDeepJsonAreInvalidInput() {
        assertThatThrownBy(() -> Json.tree("{\"records\":[".getBytes())).isInstanceOf(InvalidInputException.class);
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> Json.tree(deep.getBytes())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void validationNamesMissingField() {
        CanonicalRecord r = CanonicalRecord.builder().kind(Kind.QUOTE).provider("p").symbol("S")
                .ts(Instant.EPOCH).bid(BigDecimal.ONE).build();
        assertThatThrownBy(() -> RecordValidation.validate(Batch.of(java.util.List.of(r))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("records[0].ask"));
    }

    @Test
    void alphaActionExtensionValues() {
        assertThat(AlphaCall.Action.NO_ACTION.extensionValue()).isEqualTo("noaction");
        assertThat(AlphaCall.Action.BUY.extensionValue()).isEqualTo("buy");
    }
}
