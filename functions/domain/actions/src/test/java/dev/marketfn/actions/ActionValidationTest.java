package dev.marketfn.actions;

import static dev.marketfn.actions.A.d;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ActionValidationTest {
    private static CorporateActionAnnounced a(String type, BigDecimal ratio, BigDecimal amount, LocalDate ex,
            String newSymbol) {
        return new CorporateActionAnnounced("id-1", "AAPL", type, ratio, amount, "USD", ex, null, null, newSymbol, null);
    }

    private static final LocalDate EX = LocalDate.of(2020, 8, 31);

    private static void rejected(CorporateActionAnnounced x, String field, String reason) {
        assertThatThrownBy(() -> ActionValidation.validate(x)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).isEqualTo(reason);
                });
    }

    @Test
    void validAnnouncementsPass() {
        assertThat(ActionValidation.validate(a("split", d("4"), null, EX, null))).isNotNull();
        assertThat(ActionValidation.validate(a("reverse_split", d("0.125"), null, EX, null))).isNotNull();
        assertThat(ActionValidation.validate(a("stock_dividend", d("1.05"), null, EX, null))).isNotNull();
        assertThat(ActionValidation.validate(a("cash_dividend", null, d("0.82"), EX, null))).isNotNull();
        assertThat(ActionValidation.validate(a("symbol_change", null, null, EX, "META"))).isNotNull();
    }

    @Test
    void badAnnouncementsAreRejectedNamingTheField() {
        rejected(a("split", null, null, EX, null), "ratio", RejectReason.MISSING_FIELD);
        rejected(a("split", d("0"), null, EX, null), "ratio", RejectReason.OUT_OF_RANGE);
        rejected(a("split", d("-4"), null, EX, null), "ratio", RejectReason.OUT_OF_RANGE);
        rejected(a("split", d("0.25"), null, EX, null), "ratio", RejectReason.OUT_OF_RANGE); // that is a reverse split
        rejected(a("split", d("1"), null, EX, null), "ratio", RejectReason.OUT_OF_RANGE);
        rejected(a("reverse_split", d("8"), null, EX, null), "ratio", RejectReason.OUT_OF_RANGE);
        rejected(a("reverse_split", d("1"), null, EX, null), "ratio", RejectReason.OUT_OF_RANGE);
        rejected(a("stock_dividend", d("0.05"), null, EX, null), "ratio", RejectReason.OUT_OF_RANGE);
        rejected(a("cash_dividend", null, null, EX, null), "amount", RejectReason.MISSING_FIELD);
        rejected(a("cash_dividend", null, d("0"), EX, null), "amount", RejectReason.OUT_OF_RANGE);
        rejected(a("symbol_change", null, null, EX, null), "new_symbol", RejectReason.MISSING_FIELD);
        rejected(a("symbol_change", null, null, EX, "AAPL"), "new_symbol", RejectReason.INVALID_VALUE);
        rejected(a("spinoff", null, null, EX, null), "type", RejectReason.INVALID_VALUE);
        rejected(a("split", d("4"), null, null, null), "ex_date", RejectReason.MISSING_FIELD);
        rejected(new CorporateActionAnnounced(null, "AAPL", "split", d("4"), null, null, EX, null, null, null, null),
                "action_id", RejectReason.MISSING_FIELD);
        rejected(new CorporateActionAnnounced("x", " ", "split", d("4"), null, null, EX, null, null, null, null),
                "symbol", RejectReason.MISSING_FIELD);
    }

    private static String detail(CorporateActionAnnounced x) {
        try {
            ActionValidation.validate(x);
        } catch (InvalidInputException e) {
            return e.detail();
        }
        throw new AssertionError("accepted: " + x);
    }

    @Test
    void rejectionDetailsSayWhatIsWrong() {
        assertThat(detail(a("split", d("0"), null, EX, null))).startsWith("must be > 1, was 0");
        assertThat(detail(a("split", d("-4"), null, EX, null))).startsWith("must be > 1, was -4");
        assertThat(detail(a("split", d("0.25"), null, EX, null))).contains("reverse_split");
        assertThat(detail(a("reverse_split", d("0"), null, EX, null))).isEqualTo("must be > 0, was 0");
        assertThat(detail(a("reverse_split", d("10"), null, EX, null))).contains("1:8 is 0.125", "was 10");
        assertThat(detail(a("stock_dividend", d("0.05"), null, EX, null))).contains("1.05");
        assertThat(detail(a("cash_dividend", null, d("-0.82"), EX, null))).isEqualTo("must be > 0, was -0.82");
        assertThat(detail(a("spinoff", null, null, EX, null))).startsWith("'spinoff' is not one of")
                .contains("cash_dividend", "reverse_split", "split", "stock_dividend", "symbol_change");
        assertThat(detail(a("split", d("4"), null, null, null))).isEqualTo("required field is missing or null");
    }

    @Test
    void stockDividendRatioIsTotalSharesAfter() {
        CorporateActionAnnounced fivePercent = a("stock_dividend", d("1.05"), null, EX, null);
        assertThat(FactorMath.volumeFactor(fivePercent).toBigDecimal()).isEqualTo(d("1.05"));
        assertThat(FactorMath.priceFactor(fivePercent, null)).isEqualTo(Fraction.ratioOf(d("100"), d("105")));
        assertThat(FactorMath.inMode("stock_dividend", AdjustmentMode.SPLIT)).isTrue();
        assertThat(FactorMath.inMode("cash_dividend", AdjustmentMode.SPLIT)).isFalse();
        assertThat(FactorMath.inMode("split", AdjustmentMode.RAW)).isFalse();
    }

    @Test
    void unknownModeIsRejected() {
        assertThat(AdjustmentMode.parse(null)).isEqualTo(AdjustmentMode.SPLIT);
        assertThat(AdjustmentMode.parse("total_return")).isEqualTo(AdjustmentMode.TOTAL_RETURN);
        assertThatThrownBy(() -> AdjustmentMode.parse("dividend")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("mode"));
    }
}
