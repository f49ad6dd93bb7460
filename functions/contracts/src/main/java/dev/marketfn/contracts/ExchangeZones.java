package dev.marketfn.contracts;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The zone an instrument's trading dates are counted in (the midnight that starts a {@code 1d} bar, the day an
 * ex-date begins): UTC for crypto, America/New_York for US equities, the default.
 */
public final class ExchangeZones {
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    public static final ZoneId UTC = ZoneOffset.UTC;

    private ExchangeZones() {
    }

    /**
     * Crypto by its asset class ({@code crypto…}) or by its canonical symbol, for records whose adapter sets no asset
     * class: crypto pairs are BASE-QUOTE, equity symbols hold no dash (BRK.B). Anything else trades on a US exchange.
     */
    public static ZoneId of(CanonicalRecord r) {
        return of(r.assetClass(), r.symbol());
    }

    /** As {@link #of(CanonicalRecord)}, from the asset class (may be null) and the canonical symbol. */
    public static ZoneId of(String assetClass, String symbol) {
        boolean crypto = assetClass != null && assetClass.toLowerCase(Locale.ROOT).startsWith("crypto")
                || symbol != null && symbol.contains("-");
        return crypto ? UTC : NEW_YORK;
    }
}
