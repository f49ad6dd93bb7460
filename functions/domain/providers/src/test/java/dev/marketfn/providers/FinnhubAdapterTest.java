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

class FinnhubAdapterTest {
    @Test
    void documentedCryptoTrade() {
        List<CanonicalRecord> r = run("finnhub", fixture("finnhub", "crypto.json"), "2019-12-05T07:00:00Z");
        assertThat(r).hasSize(1);
        CanonicalRecord t = r.get(0);
        assertThat(t.symbol()).isEqualTo("BTC-USDT");
        assertThat(t.assetClass()).isEqualTo("crypto");
        assertThat(t.currency()).isEqualTo("USDT");
        assertThat(t.price()).isEqualTo(dec("7296.89"));
        assertThat(t.size()).isEqualTo(dec("0.011467"));
        assertThat(t.ts()).isEqualTo(ts("2019-12-05T06:18:11.134Z"));
        assertThat(t.seq()).isZero();
    }

    @Test
    void stockTradesWithConditions() {
        List<CanonicalRecord> r = run("finnhub", fixture("finnhub", "stocks.json"), "2022-12-29T22:00:00Z");
        assertThat(r).extracting(CanonicalRecord::symbol).containsExactly("TSLA", "TSLA", "AAPL");
        assertThat(r).extracting(CanonicalRecord::seq).containsExactly(0L, 1L, 2L);
        assertThat(r).extracting(CanonicalRecord::price).containsExactly(dec("122.1"), dec("122.09"), dec("129.58"));
        assertThat(r).extracting(CanonicalRecord::size).containsExactly(dec("1"), dec("4"), dec("1"));
        assertThat(r.get(0).conditions()).containsExactly("1", "8", "24", "12");
        assertThat(r.get(0).setsLastPrice()).isFalse();
        assertThat(r.get(0).currency()).isEqualTo("USD");
        assertThat(r).extracting(CanonicalRecord::eventId).doesNotHaveDuplicates();
    }

    /** A connector's batch: the messages in an array, a ping among them; seq counts trades across the batch. */
    @Test
    void connectorBatchOfMessages() {
        String stocks = fixture("finnhub", "stocks.json").toString();
        List<CanonicalRecord> r = run("finnhub", json("[" + stocks + ",{\"type\":\"ping\"}," + stocks + "]"),
                "2022-12-29T22:00:00Z");
        assertThat(r).extracting(CanonicalRecord::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(r).extracting(CanonicalRecord::eventId).doesNotHaveDuplicates();
        rejected(() -> run("finnhub", json("[" + stocks + ",{\"type\":\"trade\",\"data\":[{\"p\":1,\"s\":\"A\",\"t\":1672348887195}]}]"),
                "2022-12-29T22:00:00Z"), RejectReason.MISSING_FIELD, "data[1].data[0].v");
    }

    @Test
    void pingSkippedUnknownTypeRejected() {
        assertThat(run("finnhub", fixture("finnhub", "ping.json"), "2022-12-29T22:00:00Z")).isEmpty();
        rejected(() -> run("finnhub", json("{\"type\":\"news\",\"data\":[]}"), "2022-12-29T22:00:00Z"),
                RejectReason.UNSUPPORTED_MESSAGE, "data.type");
    }

    @Test
    void forexVenueSymbolAndBadFields() {
        CanonicalRecord fx = run("finnhub", json("{\"type\":\"trade\",\"data\":[{\"p\":1.0851,\"s\":\"OANDA:EUR_USD\",\"t\":1700000000000,\"v\":0}]}"), "2023-11-15T00:00:00Z").get(0);
        assertThat(fx.symbol()).isEqualTo("EUR-USD");
        assertThat(fx.assetClass()).isNull();
        rejected(() -> run("finnhub", json("{\"type\":\"trade\",\"data\":[{\"p\":1,\"s\":\"A\",\"t\":1700000000000,\"v\":1},{\"p\":\"NaN\",\"s\":\"A\",\"t\":1700000000000,\"v\":1}]}"), "2023-11-15T00:00:00Z"),
                RejectReason.NOT_FINITE, "data.data[1].p");
        rejected(() -> run("finnhub", json("{\"type\":\"trade\",\"data\":[{\"p\":1,\"s\":\"A\",\"t\":1700000000000}]}"), "2023-11-15T00:00:00Z"),
                RejectReason.MISSING_FIELD, "data.data[0].v");
    }
}
