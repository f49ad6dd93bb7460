package dev.marketfn.actions;

import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.CorporateActionApplied;
import java.math.BigDecimal;

/** The corporate-action function's entry points for an announcement. */
public final class CorporateActions {
    private CorporateActions() {
    }

    /**
     * The {@code corporate-action.applied} payload of an announcement (validated here; {@code known_at} required,
     * {@code prevClose} for cash dividends only). The factors are the action's own, whatever the mode: a cash
     * dividend's factor is used by total_return only. {@code affected_from} is null: every earlier trading date is
     * affected (an unbounded range, {@code daterange(NULL, ex_date)} in PostgreSQL); {@code affected_to} is the
     * day before the ex-date.
     */
    public static CorporateActionApplied applied(CorporateActionAnnounced announced, BigDecimal prevClose) {
        ActionVersion v = ActionVersion.of(announced, prevClose);
        return new CorporateActionApplied(announced.actionId(), announced.symbol(), announced.type(),
                v.priceFactor().toBigDecimal(), v.volumeFactor().toBigDecimal(), null,
                announced.exDate().minusDays(1), announced.knownAt(),
                CorporateActionAnnounced.SYMBOL_CHANGE.equals(announced.type()) ? announced.newSymbol() : null);
    }
}
