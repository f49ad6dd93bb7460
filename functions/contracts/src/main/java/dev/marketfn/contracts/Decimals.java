package dev.marketfn.contracts;

import java.math.BigDecimal;

/** Exact decimals end to end (SPEC §3): "185.12000000" becomes 185.12, never 185.11999999. */
public final class Decimals {
    private Decimals() {
    }

    /** Parses a decimal string exactly; trailing zeros go, the value never changes. */
    public static BigDecimal parse(String text) {
        return normalize(new BigDecimal(text.trim()));
    }

    /** Drops trailing zeros but never writes an exponent: 1E+2 stays 100. */
    public static BigDecimal normalize(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
