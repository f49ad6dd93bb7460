package dev.marketfn.actions;

import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.InvalidInputException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One version of an action: the announcement as known from {@code known_at} on, the close it was priced against
 * (cash dividends), and its exact factors. A later version of the same {@code action_id} supersedes it for as-of
 * times at or after the later {@code known_at}; earlier as-of times still see this one (history is never lost).
 */
public record ActionVersion(CorporateActionAnnounced action, BigDecimal prevClose, Fraction priceFactor,
        Fraction volumeFactor) {

    /** Validates and prices an announcement; {@code prevClose} is required for cash dividends only. */
    public static ActionVersion of(CorporateActionAnnounced action, BigDecimal prevClose) {
        ActionValidation.validate(action);
        if (action.knownAt() == null) {
            throw InvalidInputException.missing("known_at");
        }
        return new ActionVersion(action, prevClose, FactorMath.priceFactor(action, prevClose),
                FactorMath.volumeFactor(action));
    }

    public String actionId() {
        return action.actionId();
    }

    public Instant knownAt() {
        return action.knownAt();
    }

    /** Same version: same id and known_at. */
    boolean sameVersion(ActionVersion o) {
        return actionId().equals(o.actionId()) && knownAt().equals(o.knownAt());
    }

    /**
     * Same effect on history: symbol, type, ex-date, new symbol and exact factors. Decimals are thereby compared by
     * value, so a replay spelling 0.82 as 0.820 is still the same version.
     */
    boolean sameContent(ActionVersion o) {
        return action.symbol().equals(o.action.symbol()) && action.type().equals(o.action.type())
                && action.exDate().equals(o.action.exDate())
                && Objects.equals(action.newSymbol(), o.action.newSymbol())
                && priceFactor.equals(o.priceFactor) && volumeFactor.equals(o.volumeFactor);
    }

    /** Per action id, the latest version known at {@code asOf} (none if every version is known later). */
    static List<ActionVersion> effective(Collection<ActionVersion> versions, Instant asOf) {
        Map<String, ActionVersion> latest = new LinkedHashMap<>();
        versions.stream()
                .filter(v -> !v.knownAt().isAfter(asOf))
                .sorted(Comparator.comparing(ActionVersion::knownAt))
                .forEach(v -> latest.put(v.actionId(), v));
        return latest.values().stream()
                .sorted(Comparator.comparing((ActionVersion v) -> v.action().exDate()).thenComparing(v -> v.actionId()))
                .toList();
    }
}
