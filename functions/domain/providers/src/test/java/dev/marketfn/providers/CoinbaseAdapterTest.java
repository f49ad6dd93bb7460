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

class CoinbaseAdapterTest {
    @Test
    void documentedMatch() {
        CanonicalRecord t = run("coinbase", fixture("coinbase", "match.json"), "2014-11-07T09:00:00Z").get(0);
        assertThat(t.eventId()).isEqualTo("coinbase|BTC-USD|2014-11-07T08:19:27.028459Z|50");
        assertThat(t.price()).isEqualTo(dec("400.23"));
        assertThat(t.size()).isEqualTo(dec("5.23512"));
        assertThat(t.currency()).isEqualTo("USD");
        assertThat(t.assetClass()).isEqualTo("crypto");
    }

    @Test
    void documentedTickerIsOneTradeWithExactDecimals() {
        List<CanonicalRecord> r = run("coinbase", fixture("coinbase", "ticker.json"), "2017-09-02T18:00:00Z");
        assertThat(r).hasSize(1);
        assertThat(r.get(0).price()).isEqualTo(dec("4388.01"));
        assertThat(r.get(0).price().toPlainString()).isEqualTo("4388.01");
        assertThat(r.get(0).size()).isEqualTo(dec("0.03"));
        assertThat(r.get(0).seq()).isEqualTo(3262786978L);
    }

    @Test
    void otherTypesSkippedBadFieldsRejected() {
        assertThat(run("coinbase", fixture("coinbase", "heartbeat.json"), "2014-11-07T09:00:00Z")).isEmpty();
        assertThat(run("coinbase", json("{\"type\":\"l2update\",\"product_id\":\"BTC-USD\",\"changes\":[]}"), "2014-11-07T09:00:00Z")).isEmpty();
        rejected(() -> run("coinbase", json("{\"type\":\"match\",\"sequence\":1,\"time\":\"2014-11-07T08:19:27Z\",\"product_id\":\"BTC-USD\",\"size\":\"1\"}"), "2014-11-07T09:00:00Z"),
                RejectReason.MISSING_FIELD, "data.price");
        rejected(() -> run("coinbase", json("[{\"type\":\"match\",\"sequence\":1,\"time\":\"2014-11-07T08:19:27Z\",\"product_id\":\"BTC-USD\",\"size\":\"1\",\"price\":\"1\"},{\"type\":\"match\",\"sequence\":\"x\",\"time\":\"2014-11-07T08:19:27Z\",\"product_id\":\"BTC-USD\",\"size\":\"1\",\"price\":\"1\"}]"), "2014-11-07T09:00:00Z"),
                RejectReason.WRONG_TYPE, "data[1].sequence");
    }
}
