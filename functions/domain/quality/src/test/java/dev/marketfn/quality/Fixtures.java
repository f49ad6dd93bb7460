package dev.marketfn.quality;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

final class Fixtures {
    private Fixtures() {
    }

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    static CanonicalRecord.Builder equityTrade(String provider, String symbol, String ts, long seq, String price,
            String size) {
        Instant at = t(ts);
        return CanonicalRecord.builder().kind(Kind.TRADE).provider(provider).symbol(symbol).assetClass("equity")
                .exchange("XNAS").currency("USD").isin("US0378331005").ts(at).ingestTs(at.plusMillis(150)).seq(seq)
                .price(d(price)).size(d(size)).rawEventId("raw-" + seq);
    }

    static CanonicalRecord.Builder cryptoTrade(String provider, String symbol, String ts, long seq, String price,
            String size) {
        Instant at = t(ts);
        return CanonicalRecord.builder().kind(Kind.TRADE).provider(provider).symbol(symbol).assetClass("crypto")
                .exchange(provider.toUpperCase()).currency("USD").ts(at).ingestTs(at.plusMillis(80)).seq(seq)
                .price(d(price)).size(d(size)).rawEventId("raw-" + seq);
    }

    static CanonicalRecord.Builder quote(String provider, String symbol, String ts, long seq, String bid, String ask) {
        Instant at = t(ts);
        return CanonicalRecord.builder().kind(Kind.QUOTE).provider(provider).symbol(symbol).assetClass("equity")
                .exchange("XNYS").currency("USD").isin("US0378331005").ts(at).ingestTs(at.plusMillis(40)).seq(seq)
                .bid(d(bid)).ask(d(ask)).bidSize(d("300")).askSize(d("200")).rawEventId("raw-" + seq);
    }

    static CanonicalRecord.Builder bar(String provider, String symbol, String interval, String ts, String o, String h,
            String l, String c, String v) {
        return CanonicalRecord.builder().kind(Kind.BAR).provider(provider).symbol(symbol).assetClass("equity")
                .exchange("XNAS").currency("USD").isin("US5949181045").interval(interval).ts(t(ts)).seq(0)
                .open(d(o)).high(d(h)).low(d(l)).close(d(c)).volume(d(v)).rawEventId("raw-bar");
    }

    /** Runs records through the checker in order, threading the state; returns the last result. */
    static QualityResult run(QualityConfig cfg, SeriesState start, List<CanonicalRecord> records,
            List<QualityResult> sink) {
        SeriesState s = start;
        QualityResult last = null;
        for (CanonicalRecord r : records) {
            last = QualityCheck.check(r, s, cfg, r.ts().plusSeconds(1));
            sink.add(last);
            s = last.state();
        }
        return last;
    }
}
