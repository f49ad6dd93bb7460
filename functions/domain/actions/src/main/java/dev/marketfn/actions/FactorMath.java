package dev.marketfn.actions;

import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import java.math.BigDecimal;

/**
 * Per-action factors (LEAN's factor-file model): history before the ex-date is multiplied by the price factor
 * (prices) and the volume factor (sizes). Exact fractions; see docs/corporate-actions.md.
 *
 * <ul>
 * <li>split / reverse_split / stock_dividend with ratio r (total shares after per share before): price 1/r,
 *     volume r (4:1 → 1/4 and 4; 1:8 → 8 and 1/8; 5 % stock dividend r = 1.05 → 1/1.05 and 1.05)</li>
 * <li>cash_dividend D with C the last raw close before the ex-date: price (C − D)/C, volume 1</li>
 * <li>symbol_change: 1 and 1 (continuity is {@link SymbolChain}'s job)</li>
 * </ul>
 */
public final class FactorMath {
    private FactorMath() {
    }

    public static Fraction priceFactor(CorporateActionAnnounced a, BigDecimal prevClose) {
        return switch (a.type()) {
            case CorporateActionAnnounced.SPLIT, CorporateActionAnnounced.REVERSE_SPLIT,
                    CorporateActionAnnounced.STOCK_DIVIDEND -> Fraction.of(a.ratio()).reciprocal();
            case CorporateActionAnnounced.CASH_DIVIDEND -> dividendFactor(a.amount(), prevClose);
            default -> Fraction.ONE;
        };
    }

    public static Fraction volumeFactor(CorporateActionAnnounced a) {
        return switch (a.type()) {
            case CorporateActionAnnounced.SPLIT, CorporateActionAnnounced.REVERSE_SPLIT,
                    CorporateActionAnnounced.STOCK_DIVIDEND -> Fraction.of(a.ratio());
            default -> Fraction.ONE;
        };
    }

    /** (C − D) / C; a dividend at or above the close would make history zero or negative. */
    static Fraction dividendFactor(BigDecimal amount, BigDecimal prevClose) {
        if (prevClose == null) {
            throw InvalidInputException.missing("prev_close");
        }
        if (prevClose.signum() <= 0) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, "prev_close",
                    "must be > 0, was " + prevClose.toPlainString());
        }
        if (amount.compareTo(prevClose) >= 0) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, "amount", "dividend "
                    + amount.toPlainString() + " is not below the previous close " + prevClose.toPlainString());
        }
        return Fraction.ratioOf(prevClose.subtract(amount), prevClose);
    }

    /** Whether an action of {@code type} is part of the basis of {@code mode}. */
    public static boolean inMode(String type, AdjustmentMode mode) {
        return switch (type) {
            case CorporateActionAnnounced.SPLIT, CorporateActionAnnounced.REVERSE_SPLIT,
                    CorporateActionAnnounced.STOCK_DIVIDEND -> mode != AdjustmentMode.RAW;
            case CorporateActionAnnounced.CASH_DIVIDEND -> mode == AdjustmentMode.TOTAL_RETURN;
            default -> false;
        };
    }
}
