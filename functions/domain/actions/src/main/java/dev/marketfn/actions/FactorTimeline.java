package dev.marketfn.actions;

import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.contracts.CorporateActionAnnounced;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * All known versions of the actions of one instrument (every symbol it has had, see {@link SymbolChain}), and the
 * point-in-time cumulative factors they imply. Immutable: {@link #with} returns a new timeline.
 */
public final class FactorTimeline {
    private static final FactorTimeline EMPTY = new FactorTimeline(List.of());

    private final List<ActionVersion> versions;

    private FactorTimeline(List<ActionVersion> versions) {
        this.versions = List.copyOf(versions);
    }

    public static FactorTimeline empty() {
        return EMPTY;
    }

    /** Built from stored versions (e.g. the corporate_actions rows of the instrument). */
    public static FactorTimeline of(List<ActionVersion> versions) {
        FactorTimeline t = EMPTY;
        for (ActionVersion v : versions) {
            t = t.with(v);
        }
        return t;
    }

    public FactorTimeline with(CorporateActionAnnounced action, BigDecimal prevClose) {
        return with(ActionVersion.of(action, prevClose));
    }

    /**
     * Adds a version. Replaying a version already held (same action_id and known_at, same content) returns this
     * timeline unchanged; the same version with different content is a conflict, rejected on {@code known_at}.
     */
    public FactorTimeline with(ActionVersion v) {
        for (ActionVersion held : versions) {
            if (held.sameVersion(v)) {
                if (held.sameContent(v)) {
                    return this;
                }
                throw new InvalidInputException(RejectReason.INVALID_VALUE, "known_at", "action " + v.actionId()
                        + " already has a different version known at " + v.knownAt() + "; a correction needs a later"
                        + " known_at");
            }
        }
        List<ActionVersion> next = new ArrayList<>(versions);
        next.add(v);
        return new FactorTimeline(next);
    }

    public List<ActionVersion> versions() {
        return versions;
    }

    /**
     * The multiplier that brings a record of {@code tradingDate} into the basis current as of {@code asOfKnown}:
     * the product of the factors of the actions in {@code mode} with ex_date after the trading date, each in its
     * latest version known at {@code asOfKnown}.
     */
    public Cumulative cumulative(LocalDate tradingDate, Instant asOfKnown, AdjustmentMode mode) {
        Fraction price = Fraction.ONE;
        Fraction volume = Fraction.ONE;
        List<String> ids = new ArrayList<>();
        for (ActionVersion v : ActionVersion.effective(versions, asOfKnown)) {
            if (v.action().exDate().isAfter(tradingDate) && FactorMath.inMode(v.action().type(), mode)) {
                price = price.times(v.priceFactor());
                volume = volume.times(v.volumeFactor());
                ids.add(v.actionId());
            }
        }
        return new Cumulative(price, volume, ids);
    }

    /** Exact cumulative factors and the ids of the actions in them (ex-date order). */
    public record Cumulative(Fraction price, Fraction volume, List<String> actionIds) {
        public Cumulative {
            actionIds = List.copyOf(actionIds);
        }
    }
}
