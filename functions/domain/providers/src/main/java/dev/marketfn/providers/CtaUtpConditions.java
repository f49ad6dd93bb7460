package dev.marketfn.providers;

import java.util.List;
import java.util.Set;

/**
 * The SIP sale-condition letters (CTA plan for tapes A/B, UTP plan for tape C) that must not set the consolidated
 * last price, per the plans' "updates last" columns. Used for Alpaca (which passes SIP codes through), IB
 * {@code specialConditions} and csv. Letters not listed ({@code @}, space, E, F, K, L, O, S, X, 1, 5, 6, 8, 9 ...)
 * set the last price.
 */
final class CtaUtpConditions {
    /** Both plans: C cash, G bunched sold, H price variation, I odd lot, M official close, N next day,
     *  P prior reference price, Q official open, R seller, T Form T, U extended hours out of sequence,
     *  V contingent, Z sold out of sequence, 4 derivatively priced, 7 qualified contingent. */
    private static final Set<String> COMMON = Set.of("C", "G", "H", "I", "M", "N", "P", "Q", "R", "T", "U", "V", "Z",
            "4", "7");
    /** CTA: B is "Average Price Trade" (on UTP, B is "Bunched Trade", which does set the last). */
    private static final String CTA_AVERAGE_PRICE = "B";
    /** UTP: W is "Average Price Trade". */
    private static final String UTP_AVERAGE_PRICE = "W";

    enum Tape { CTA, UTP, UNKNOWN }

    private CtaUtpConditions() {
    }

    /** Alpaca's {@code z}: A and B are CTA-administered tapes, C is UTP. */
    static Tape tape(String z) {
        if (z == null) {
            return Tape.UNKNOWN;
        }
        return switch (z) {
            case "A", "B" -> Tape.CTA;
            case "C" -> Tape.UTP;
            default -> Tape.UNKNOWN;
        };
    }

    /**
     * Whether a trade with these codes may set the last price. When the tape is unknown both average-price letters
     * count, since wrongly letting an average-price print set the close is worse than skipping a bunched trade.
     */
    static boolean setsLast(List<String> codes, Tape tape) {
        for (String raw : codes) {
            String c = raw.trim();
            if (COMMON.contains(c)) {
                return false;
            }
            if (c.equals(CTA_AVERAGE_PRICE) && tape != Tape.UTP) {
                return false;
            }
            if (c.equals(UTP_AVERAGE_PRICE) && tape != Tape.CTA) {
                return false;
            }
        }
        return true;
    }
}
