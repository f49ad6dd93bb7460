package dev.marketfn.bars;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/** The zone whose midnight starts a {@code 1d} bar: UTC for crypto, America/New_York for US equities (the default). */
public final class ExchangeZones {
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    public static final ZoneId UTC = ZoneOffset.UTC;

    private ExchangeZones() {
    }

    /** By asset class ({@code crypto} → UTC); anything else, including unknown (null), trades on a US exchange. */
    public static ZoneId forAssetClass(String assetClass) {
        return assetClass != null && assetClass.toLowerCase(Locale.ROOT).startsWith("crypto") ? UTC : NEW_YORK;
    }
}
