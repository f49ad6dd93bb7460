package dev.marketfn.actions;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Test data: real public corporate actions and closes. */
final class A {
    static final ZoneId NY = ZoneId.of("America/New_York");

    private A() {
    }

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    static CorporateActionAnnounced split(String id, String symbol, String ratio, String exDate, String knownAt) {
        String type = new BigDecimal(ratio).compareTo(BigDecimal.ONE) < 0 ? CorporateActionAnnounced.REVERSE_SPLIT
                : CorporateActionAnnounced.SPLIT;
        return new CorporateActionAnnounced(id, symbol, type, d(ratio), null, null, LocalDate.parse(exDate), null, null,
                null, Instant.parse(knownAt));
    }

    static CorporateActionAnnounced dividend(String id, String symbol, String amount, String exDate, String knownAt) {
        return new CorporateActionAnnounced(id, symbol, CorporateActionAnnounced.CASH_DIVIDEND, null, d(amount), "USD",
                LocalDate.parse(exDate), null, null, null, Instant.parse(knownAt));
    }

    /** A daily bar stamped 00:00 New York of its trading date, as Alpaca and Polygon stamp them. */
    static CanonicalRecord dailyBar(String symbol, String date, String o, String h, String l, String c, String v) {
        Instant ts = LocalDate.parse(date).atStartOfDay(NY).toInstant();
        return CanonicalRecord.builder().kind(Kind.BAR).provider("polygon").symbol(symbol).assetClass("equity")
                .currency("USD").interval("1d").ts(ts).seq(0).open(d(o)).high(d(h)).low(d(l)).close(d(c))
                .volume(d(v)).vwap(d(c)).tradeCount(400_000L).rawEventId("raw").build();
    }
}
