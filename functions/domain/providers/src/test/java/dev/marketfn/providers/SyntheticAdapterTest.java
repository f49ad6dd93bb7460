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

class SyntheticAdapterTest {
    @Test
    void demoMessage() {
        List<CanonicalRecord> r = run("synthetic", fixture("synthetic", "demo.json"), "2024-07-04T00:00:00Z");
        assertThat(r).extracting(CanonicalRecord::kind).containsExactly(Kind.TRADE, Kind.TRADE, Kind.QUOTE, Kind.BAR);
        assertThat(r).extracting(CanonicalRecord::seq).containsExactly(0L, 1L, 2L, 60L);
        assertThat(r.get(0).price()).isEqualTo(dec("101.25"));
        assertThat(r.get(0).ts()).isEqualTo(ts("2024-07-03T13:30:00.000001Z"));
        assertThat(r.get(0).exchange()).isEqualTo("XNAS");
        assertThat(r.get(0).setsLastPrice()).isTrue();
        assertThat(r.get(1).price()).isEqualTo(dec("101.26"));
        assertThat(r.get(1).setsLastPrice()).isFalse();
        assertThat(r.get(2).bidSize()).isEqualTo(dec("300"));
        assertThat(r.get(3).tradeCount()).isEqualTo(12L);
        assertThat(r).extracting(CanonicalRecord::assetClass).containsOnly("equity");
    }

    @Test
    void cryptoDefaultsAndErrors() {
        CanonicalRecord t = run("synthetic", json("{\"symbol\":\"eth/usdc\",\"trades\":[{\"ts\":1719999000000,\"price\":\"3000\",\"size\":\"0.5\"}]}"), "2024-07-04T00:00:00Z").get(0);
        assertThat(t.symbol()).isEqualTo("ETH-USDC");
        assertThat(t.currency()).isEqualTo("USDC");
        rejected(() -> run("synthetic", json("{\"symbol\":\"S\",\"trades\":[{\"ts\":1719999000000,\"price\":\"1\"}]}"), "2024-07-04T00:00:00Z"),
                RejectReason.MISSING_FIELD, "data.trades[0].size");
        rejected(() -> run("synthetic", json("{\"symbol\":\"S\",\"bars\":[{\"ts\":1719999000000,\"interval\":\"2m\"}]}"), "2024-07-04T00:00:00Z"),
                RejectReason.INVALID_VALUE, "data.bars[0].interval");
    }
}
