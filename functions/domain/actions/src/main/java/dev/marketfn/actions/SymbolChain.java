package dev.marketfn.actions;

import dev.marketfn.contracts.CorporateActionAnnounced;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Ticker continuity: symbol changes as of a point in time, so the history of FB continues as META. Built from all
 * announcements of the instrument (versions as in {@link FactorTimeline}); only symbol_change ones are used.
 */
public final class SymbolChain {
    private final List<ActionVersion> versions;

    private SymbolChain(List<ActionVersion> versions) {
        this.versions = List.copyOf(versions);
    }

    public static SymbolChain of(Collection<ActionVersion> versions) {
        return new SymbolChain(versions.stream()
                .filter(v -> CorporateActionAnnounced.SYMBOL_CHANGE.equals(v.action().type())).toList());
    }

    /** A symbol's span of trading dates: {@code from} inclusive (null = the beginning), {@code to} exclusive (null = open). */
    public record Segment(String symbol, LocalDate from, LocalDate to) {
    }

    /** The symbol that {@code symbol} (as traded before any later change) has on {@code date}, as known at {@code asOf}. */
    public String symbolOn(String symbol, LocalDate date, Instant asOf) {
        String current = symbol;
        LocalDate since = null;
        for (ActionVersion v : ActionVersion.effective(versions, asOf)) { // ex-date order
            CorporateActionAnnounced a = v.action();
            if (a.exDate().isAfter(date)) {
                break;
            }
            if (a.symbol().equals(current) && (since == null || !a.exDate().isBefore(since))) {
                current = a.newSymbol();
                since = a.exDate();
            }
        }
        return current;
    }

    /**
     * The symbols an instrument traded under, oldest first, ending with {@code currentSymbol}: what a read of
     * {@code currentSymbol}'s full history must union (each symbol's rows restricted to its segment).
     */
    public List<Segment> history(String currentSymbol, Instant asOf) {
        List<ActionVersion> effective = ActionVersion.effective(versions, asOf);
        List<Segment> segments = new ArrayList<>();
        String symbol = currentSymbol;
        LocalDate to = null;
        for (int i = effective.size() - 1; i >= 0; i--) { // newest ex-date first
            CorporateActionAnnounced a = effective.get(i).action();
            if (a.newSymbol().equals(symbol) && (to == null || !a.exDate().isAfter(to))) {
                segments.addFirst(new Segment(symbol, a.exDate(), to));
                to = a.exDate();
                symbol = a.symbol();
            }
        }
        segments.addFirst(new Segment(symbol, null, to));
        return List.copyOf(segments);
    }
}
