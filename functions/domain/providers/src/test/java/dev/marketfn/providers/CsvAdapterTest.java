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

class CsvAdapterTest {
    @Test
    void barsWithCaseInsensitiveHeaderAndMixedTimestamps() {
        List<CanonicalRecord> r = run("csv", fixture("csv", "bars.json"), "2024-07-04T00:00:00Z");
        assertThat(r).hasSize(2);
        CanonicalRecord brk = r.get(0);
        assertThat(brk.symbol()).isEqualTo("BRK.B");
        assertThat(brk.assetClass()).isEqualTo("equity");
        assertThat(brk.ts()).isEqualTo(ts("2024-07-03T13:30:00Z"));
        assertThat(brk.open()).isEqualTo(dec("411.5"));
        assertThat(brk.close()).isEqualTo(dec("411.9"));
        assertThat(brk.vwap()).isEqualTo(dec("411.6"));
        assertThat(brk.tradeCount()).isEqualTo(85L);
        CanonicalRecord btc = r.get(1);
        assertThat(btc.symbol()).isEqualTo("BTC-USDT");
        assertThat(btc.currency()).isEqualTo("USDT");
        assertThat(btc.ts()).isEqualTo(ts("2024-07-03T09:30:00Z"));
        assertThat(btc.close()).isEqualTo(dec("60005.25"));
        assertThat(btc.vwap()).isNull();
    }

    @Test
    void tradesKeepSeqAndDecodeConditions() {
        List<CanonicalRecord> r = run("csv", fixture("csv", "trades.json"), "2024-07-04T00:00:00Z");
        assertThat(r).extracting(CanonicalRecord::seq).containsExactly(9001L, 9002L);
        assertThat(r.get(0).ts()).isEqualTo(ts("2024-07-03T13:30:00.123456Z"));
        assertThat(r.get(0).price()).isEqualTo(dec("221.55"));
        assertThat(r.get(0).setsLastPrice()).isTrue();
        assertThat(r.get(1).conditions()).containsExactly("@", "I");
        assertThat(r.get(1).setsLastPrice()).isFalse();
    }

    @Test
    void dailyBarDateIsMidnightNewYorkAndOrdinalSeq() {
        List<CanonicalRecord> r = run("csv", json("\"symbol,ts,open,high,low,close,volume\\nIBM,2024-01-05,1,2,1,2,10\\n\""), "2024-07-04T00:00:00Z");
        assertThat(r.get(0).ts()).isEqualTo(ts("2024-01-05T05:00:00Z"));
        assertThat(r.get(0).interval()).isEqualTo("1d");
        List<CanonicalRecord> t = run("csv", json("\"symbol,ts,price,size\\nX,1719999000000,1,1\\nX,1719999000000,1,2\\n\""), "2024-07-04T00:00:00Z");
        assertThat(t).extracting(CanonicalRecord::seq).containsExactly(0L, 1L);
    }

    @Test
    void badCsv() {
        rejected(() -> run("csv", json("\"symbol,ts,bid\\nX,1,1\""), "2024-07-04T00:00:00Z"), RejectReason.MISSING_FIELD, "data[0].price");
        rejected(() -> run("csv", json("\"symbol,ts,price,size\\nX,1719999000000,1,1\\nX,1719999000000,-1,1\""), "2024-07-04T00:00:00Z"),
                RejectReason.OUT_OF_RANGE, "data[2].price");
        rejected(() -> run("csv", json("\"symbol,ts,price,size\\nX,1719999000000,1\""), "2024-07-04T00:00:00Z"), RejectReason.MISSING_FIELD, "data[1].size");
        rejected(() -> run("csv", json("{\"a\":1}"), "2024-07-04T00:00:00Z"), RejectReason.WRONG_TYPE, "data");
    }
}
