package dev.marketfn.providers;

import static dev.marketfn.providers.TestSupport.dec;
import static dev.marketfn.providers.TestSupport.fixture;
import static dev.marketfn.providers.TestSupport.json;
import static dev.marketfn.providers.TestSupport.rejected;
import static dev.marketfn.providers.TestSupport.run;
import static dev.marketfn.providers.TestSupport.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.RejectReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlphaVantageAdapterTest {
    @Test
    void intradayKeysAreLocalStartTimesWithDst() {
        List<CanonicalRecord> r = run("alphavantage", fixture("alphavantage", "intraday.json"), "2024-07-04T00:00:00Z");
        assertThat(r).hasSize(2);
        CanonicalRecord summer = r.get(0);
        assertThat(summer.symbol()).isEqualTo("IBM");
        assertThat(summer.interval()).isEqualTo("5m");
        assertThat(summer.ts()).as("19:55 EDT = UTC-4").isEqualTo(ts("2024-07-03T23:55:00Z"));
        assertThat(summer.open()).isEqualTo(dec("175.7"));
        assertThat(summer.low()).isEqualTo(dec("175.6"));
        assertThat(summer.volume()).isEqualTo(dec("111"));
        assertThat(summer.seq()).isEqualTo(300);
        assertThat(summer.currency()).isEqualTo("USD");
        CanonicalRecord winter = r.get(1);
        assertThat(winter.ts()).as("04:00 EST = UTC-5").isEqualTo(ts("2024-01-03T09:00:00Z"));
        assertThat(winter.close()).isEqualTo(dec("160.2"));
    }

    @Test
    void dailyBarStartsAtMidnightEastern() {
        CanonicalRecord d = run("alphavantage", fixture("alphavantage", "daily.json"), "2024-07-04T00:00:00Z").get(0);
        assertThat(d.interval()).isEqualTo("1d");
        assertThat(d.ts()).isEqualTo(ts("2024-07-03T04:00:00Z"));
        assertThat(d.high()).isEqualTo(dec("176.15"));
        assertThat(d.volume()).isEqualTo(dec("1713655"));
    }

    @Test
    void rateLimitAndBadKeysRejected() {
        rejected(() -> run("alphavantage", fixture("alphavantage", "rate-limit.json"), "2024-07-04T00:00:00Z"),
                RejectReason.UNSUPPORTED_MESSAGE, "data");
        String gap = "{\"Meta Data\":{\"2. Symbol\":\"IBM\",\"6. Time Zone\":\"US/Eastern\"},\"Time Series (5min)\":{\"2024-03-10 02:30:00\":{\"1. open\":\"1\",\"2. high\":\"1\",\"3. low\":\"1\",\"4. close\":\"1\",\"5. volume\":\"1\"}}}";
        rejected(() -> run("alphavantage", json(gap), "2024-03-11T00:00:00Z"), RejectReason.INVALID_VALUE,
                "data.Time Series (5min).2024-03-10 02:30:00");
        rejected(() -> run("alphavantage", json(gap.replace("5min", "15min")), "2024-03-11T00:00:00Z"), RejectReason.INVALID_VALUE,
                "data.Time Series (15min)");
        String noVolume = "{\"Meta Data\":{\"2. Symbol\":\"IBM\",\"5. Time Zone\":\"US/Eastern\"},\"Time Series (Daily)\":{\"2024-03-08\":{\"1. open\":\"1\",\"2. high\":\"1\",\"3. low\":\"1\",\"4. close\":\"1\"}}}";
        rejected(() -> run("alphavantage", json(noVolume), "2024-03-11T00:00:00Z"), RejectReason.MISSING_FIELD,
                "data.Time Series (Daily).2024-03-08.volume");
    }
}
