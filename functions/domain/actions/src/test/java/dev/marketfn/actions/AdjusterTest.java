package dev.marketfn.actions;

import static dev.marketfn.actions.A.NY;
import static dev.marketfn.actions.A.d;
import static dev.marketfn.actions.A.dailyBar;
import static dev.marketfn.actions.A.dividend;
import static dev.marketfn.actions.A.split;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdjusterTest {
    static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");
    /** AAPL 4:1, announced with Q3 FY20 results on 2020-07-30, first split-adjusted session 2020-08-31. */
    static final FactorTimeline AAPL = FactorTimeline.empty()
            .with(split("AAPL-2014-split", "AAPL", "7", "2014-06-09", "2014-04-23T20:30:00Z"), null)
            .with(dividend("AAPL-2020-08-div", "AAPL", "0.82", "2020-08-07", "2020-07-30T20:30:00Z"), d("455.61"))
            .with(split("AAPL-2020-split", "AAPL", "4", "2020-08-31", "2020-07-30T20:30:00Z"), null);

    @Test
    void aapl4For1SplitKeepsTheSeriesContinuous() {
        CanonicalRecord pre = dailyBar("AAPL", "2020-08-28", "504.05", "505.77", "498.31", "499.23", "46907479");
        CanonicalRecord post = dailyBar("AAPL", "2020-08-31", "127.58", "131.00", "126.00", "129.04", "225702700");
        CanonicalRecord adjPre = Adjuster.adjust(pre, AAPL, AdjustmentMode.SPLIT, NOW, NY);
        CanonicalRecord adjPost = Adjuster.adjust(post, AAPL, AdjustmentMode.SPLIT, NOW, NY);
        assertThat(adjPre.close()).isEqualTo(d("124.8075"));
        assertThat(adjPre.open()).isEqualTo(d("126.0125"));
        assertThat(adjPre.volume()).isEqualTo(d("187629916"));
        assertThat(adjPre.tradeCount()).isEqualTo(400_000L);
        assertThat(adjPre.adjustment().factor()).isEqualTo(d("0.25"));
        assertThat(adjPre.adjustment().volumeFactor()).isEqualTo(d("4"));
        assertThat(adjPre.adjustment().mode()).isEqualTo("split");
        assertThat(adjPre.adjustment().actions()).containsExactly("AAPL-2020-split");
        assertThat(adjPost.close()).isEqualTo(d("129.04"));
        assertThat(adjPost.adjustment().factor()).isEqualTo(BigDecimal.ONE);
        assertThat(adjPost.adjustment().actions()).isEmpty();
        // continuous: the real +3.39 % day, not the raw −74 % jump
        double ret = adjPost.close().doubleValue() / adjPre.close().doubleValue() - 1;
        assertThat(ret).isBetween(0.0339, 0.0340);
        assertThat(pre.close().doubleValue() / post.close().doubleValue()).isGreaterThan(3.8);
    }

    @Test
    void aapl7For1SplitIsRoundedOnceTo20SignificantDigits() {
        CanonicalRecord pre = dailyBar("AAPL", "2014-06-06", "649.90", "651.26", "644.47", "645.57", "12497800");
        Instant beforeSecondSplit = Instant.parse("2020-01-02T00:00:00Z");
        CanonicalRecord then = Adjuster.adjust(pre, AAPL, AdjustmentMode.SPLIT, beforeSecondSplit, NY);
        assertThat(then.close()).isEqualTo(d("92.224285714285714286"));
        assertThat(then.adjustment().factor()).isEqualTo(d("0.14285714285714285714"));
        assertThat(then.volume()).isEqualTo(d("87484600"));
        // today both splits apply: 645.57 / 28, still rounded once (not 92.224285714285714286 / 4)
        CanonicalRecord now = Adjuster.adjust(pre, AAPL, AdjustmentMode.SPLIT, NOW, NY);
        assertThat(now.close()).isEqualTo(d("23.056071428571428571"));
        assertThat(now.adjustment().actions()).containsExactly("AAPL-2014-split", "AAPL-2020-split");
    }

    @Test
    void tsla5For1() {
        FactorTimeline tsla = FactorTimeline.empty()
                .with(split("TSLA-2020-split", "TSLA", "5", "2020-08-31", "2020-08-11T20:00:00Z"), null);
        CanonicalRecord pre = dailyBar("TSLA", "2020-08-28", "2295.00", "2318.49", "2186.52", "2213.40", "20081200");
        assertThat(Adjuster.adjust(pre, tsla, AdjustmentMode.SPLIT, NOW, NY).close()).isEqualTo(d("442.68"));
    }

    /** GE 1-for-8, split-adjusted trading from 2021-08-02 at a reference price of 103.60 = 8 × the 12.95 close. */
    @Test
    void ge1For8ReverseSplit() {
        FactorTimeline ge = FactorTimeline.empty()
                .with(split("GE-2021-rsplit", "GE", "0.125", "2021-08-02", "2021-06-30T12:00:00Z"), null);
        CanonicalRecord pre = dailyBar("GE", "2021-07-30", "12.98", "13.06", "12.90", "12.95", "54963200");
        CanonicalRecord adj = Adjuster.adjust(pre, ge, AdjustmentMode.SPLIT, NOW, NY);
        assertThat(adj.close()).isEqualTo(d("103.6"));
        assertThat(adj.volume()).isEqualTo(d("6870400"));
        assertThat(adj.adjustment().factor()).isEqualTo(d("8"));
        assertThat(adj.adjustment().volumeFactor()).isEqualTo(d("0.125"));
    }

    /**
     * Citigroup 1-for-10 (ratio 0.1, docs/contract/payloads.md's example), announced 2011-03-21, split-adjusted trading from 2011-05-09:
     * the last pre-split close 4.52 is 45.20 in the new basis; sizes are divided by 10.
     */
    @Test
    void citigroup1For10ReverseSplit() {
        FactorTimeline c = FactorTimeline.empty()
                .with(split("C-2011-rsplit", "C", "0.1", "2011-05-09", "2011-03-21T11:00:00Z"), null);
        assertThat(c.versions()).singleElement()
                .satisfies(v -> assertThat(v.action().type()).isEqualTo("reverse_split"));
        // only the close is a public fact here; the volume is illustrative
        CanonicalRecord pre = CanonicalRecord.builder().kind(Kind.BAR).provider("polygon").symbol("C").interval("1d")
                .ts(java.time.LocalDate.parse("2011-05-06").atStartOfDay(NY).toInstant()).seq(0).close(d("4.52"))
                .volume(d("350000000")).rawEventId("raw").build();
        CanonicalRecord adj = Adjuster.adjust(pre, c, AdjustmentMode.SPLIT, NOW, NY);
        assertThat(adj.close()).isEqualTo(d("45.2"));
        assertThat(adj.open()).isNull();
        assertThat(adj.volume()).isEqualTo(d("35000000"));
        assertThat(adj.adjustment().factor()).isEqualTo(d("10"));
        assertThat(adj.adjustment().volumeFactor()).isEqualTo(d("0.1"));
        // on the ex-date C traded in the new basis (44.39 on the morning of 2011-05-09, −1.8 %): left as traded
        CanonicalRecord exDay = CanonicalRecord.builder().kind(Kind.TRADE).provider("polygon").symbol("C")
                .ts(Instant.parse("2011-05-09T14:30:00Z")).seq(1).price(d("44.39")).size(d("100")).rawEventId("raw")
                .build();
        CanonicalRecord adjEx = Adjuster.adjust(exDay, c, AdjustmentMode.SPLIT, NOW, NY);
        assertThat(adjEx.price()).isEqualTo(d("44.39"));
        assertThat(adjEx.adjustment().actions()).isEmpty();
    }

    @Test
    void aaplCashDividendOnlyInTotalReturn() {
        CanonicalRecord prior = dailyBar("AAPL", "2020-08-06", "441.62", "457.65", "439.19", "455.61", "50607200");
        CanonicalRecord split = Adjuster.adjust(prior, AAPL, AdjustmentMode.SPLIT, NOW, NY);
        CanonicalRecord total = Adjuster.adjust(prior, AAPL, AdjustmentMode.TOTAL_RETURN, NOW, NY);
        CanonicalRecord raw = Adjuster.adjust(prior, AAPL, AdjustmentMode.RAW, NOW, NY);
        assertThat(split.close()).isEqualTo(d("113.9025"));
        // (455.61 − 0.82) / 455.61 × 455.61 / 4: the close cancels, exact
        assertThat(total.close()).isEqualTo(d("113.6975"));
        assertThat(total.volume()).isEqualTo(split.volume());
        assertThat(total.adjustment().actions()).containsExactly("AAPL-2020-08-div", "AAPL-2020-split");
        assertThat(total.adjustment().factor())
                .isEqualTo(d("454.79").divide(d("1822.44"), Fraction.MC).stripTrailingZeros());
        assertThat(raw.close()).isEqualTo(d("455.61"));
        assertThat(raw.adjustment().factor()).isEqualTo(BigDecimal.ONE);
        assertThat(raw.adjustment().mode()).isEqualTo("raw");
        // the ex-date itself is after the dividend: no dividend factor
        CanonicalRecord exDay = dailyBar("AAPL", "2020-08-07", "452.82", "454.70", "441.17", "444.45", "49511400");
        assertThat(Adjuster.adjust(exDay, AAPL, AdjustmentMode.TOTAL_RETURN, NOW, NY).adjustment().actions())
                .containsExactly("AAPL-2020-split");
    }

    @Test
    void tradesAndQuotesUseTheirTradingDateInTheExchangeZone() {
        // 2020-08-29 00:30 UTC is still Friday 2020-08-28 in New York: before the ex-date
        CanonicalRecord lateFriday = CanonicalRecord.builder().kind(Kind.TRADE).provider("alpaca").symbol("AAPL")
                .ts(Instant.parse("2020-08-29T00:30:00Z")).seq(1).price(d("499.50")).size(d("10")).rawEventId("r")
                .build();
        CanonicalRecord adj = Adjuster.adjust(lateFriday, AAPL, AdjustmentMode.SPLIT, NOW, NY);
        assertThat(adj.price()).isEqualTo(d("124.875"));
        assertThat(adj.size()).isEqualTo(d("40"));
        CanonicalRecord quote = CanonicalRecord.builder().kind(Kind.QUOTE).provider("ibkr").symbol("AAPL")
                .ts(Instant.parse("2020-08-28T19:59:59Z")).seq(2).bid(d("499.20")).ask(d("499.24")).bidSize(d("300"))
                .askSize(d("100")).rawEventId("r").build();
        CanonicalRecord adjQ = Adjuster.adjust(quote, AAPL, AdjustmentMode.SPLIT, NOW, NY);
        assertThat(adjQ.bid()).isEqualTo(d("124.8"));
        assertThat(adjQ.ask()).isEqualTo(d("124.81"));
        assertThat(adjQ.bidSize()).isEqualTo(d("1200"));
        assertThat(adjQ.askSize()).isEqualTo(d("400"));
    }
}
