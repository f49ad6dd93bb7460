package dev.marketfn.rules;

import java.util.Map;

/**
 * Short names the seed rules files use, mapped to the platform's indicator names, so such a file loads as written.
 * An alias is resolved at parse time: the expression, its state and its rationale carry the platform's name.
 */
public final class NameAliases {
    /** {@code momentum} is the 10-bar momentum, {@code volatility} the 20-bar log-return volatility, {@code rsi} RSI(14). */
    public static final Map<String, String> ALIASES = Map.of(
            "momentum", "mom_10",
            "volatility", "vol_20",
            "rsi", "rsi_14");

    private NameAliases() {
    }

    /** The platform's name for {@code name}: its alias target, or the name itself. */
    public static String canonical(String name) {
        return ALIASES.getOrDefault(name, name);
    }
}
