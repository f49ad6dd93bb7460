package dev.marketfn.actions;

import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import java.math.BigDecimal;
import java.util.Set;

/**
 * Validation of {@code corporate-action.announced} payloads, shared by the event path and the bulk file path. Every
 * failure is an {@link InvalidInputException} naming the field. See docs/corporate-actions.md for the rules.
 */
public final class ActionValidation {
    public static final Set<String> TYPES = Set.of(CorporateActionAnnounced.SPLIT,
            CorporateActionAnnounced.REVERSE_SPLIT, CorporateActionAnnounced.CASH_DIVIDEND,
            CorporateActionAnnounced.STOCK_DIVIDEND, CorporateActionAnnounced.SYMBOL_CHANGE);

    private ActionValidation() {
    }

    public static CorporateActionAnnounced validate(CorporateActionAnnounced a) {
        if (a == null) {
            throw InvalidInputException.missing("data");
        }
        require(a.actionId(), "action_id");
        require(a.symbol(), "symbol");
        require(a.type(), "type");
        if (!TYPES.contains(a.type())) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, "type",
                    "'" + a.type() + "' is not one of " + TYPES.stream().sorted().toList());
        }
        require(a.exDate(), "ex_date");
        switch (a.type()) {
            case CorporateActionAnnounced.SPLIT -> ratio(a, 1, "a split has more shares after (4:1 is 4); "
                    + "a ratio below 1 is a reverse_split");
            case CorporateActionAnnounced.REVERSE_SPLIT -> {
                ratio(a, 0, null);
                if (a.ratio().compareTo(BigDecimal.ONE) >= 0) {
                    throw new InvalidInputException(RejectReason.OUT_OF_RANGE, "ratio", "a reverse_split has fewer "
                            + "shares after: 1:8 is 0.125, was " + a.ratio().toPlainString());
                }
            }
            case CorporateActionAnnounced.STOCK_DIVIDEND -> ratio(a, 1, "ratio is the total shares after per share "
                    + "before: a 5% stock dividend is 1.05");
            case CorporateActionAnnounced.CASH_DIVIDEND -> {
                require(a.amount(), "amount");
                if (a.amount().signum() <= 0) {
                    throw new InvalidInputException(RejectReason.OUT_OF_RANGE, "amount",
                            "must be > 0, was " + a.amount().toPlainString());
                }
            }
            case CorporateActionAnnounced.SYMBOL_CHANGE -> {
                require(a.newSymbol(), "new_symbol");
                if (a.newSymbol().equals(a.symbol())) {
                    throw new InvalidInputException(RejectReason.INVALID_VALUE, "new_symbol",
                            "equals symbol " + a.symbol());
                }
            }
            default -> throw new IllegalStateException("unreachable: " + a.type());
        }
        return a;
    }

    /** ratio must be present and strictly greater than {@code floor}. */
    private static void ratio(CorporateActionAnnounced a, int floor, String hint) {
        require(a.ratio(), "ratio");
        if (a.ratio().compareTo(BigDecimal.valueOf(floor)) <= 0) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, "ratio", "must be > " + floor + ", was "
                    + a.ratio().toPlainString() + (hint == null ? "" : " (" + hint + ")"));
        }
    }

    private static void require(Object v, String field) {
        if (v == null || (v instanceof String s && s.isBlank())) {
            throw InvalidInputException.missing(field);
        }
    }
}
