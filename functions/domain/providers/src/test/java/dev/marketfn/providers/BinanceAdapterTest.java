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

class BinanceAdapterTest {
    private static final String INGEST = "2022-12-31T20:00:00Z";

    @Test
    void documentedTrade() {
        CanonicalRecord t = run("binance", fixture("binance", "trade.json"), INGEST).get(0);
        assertThat(t.eventId()).isEqualTo("binance|BNB-BTC|2022-12-31T19:43:02.136000Z|12345");
        assertThat(t.kind()).isEqualTo(Kind.TRADE);
        assertThat(t.price()).isEqualTo(dec("0.001"));
        assertThat(t.size()).isEqualTo(dec("100"));
        assertThat(t.currency()).isEqualTo("BTC");
        assertThat(t.assetClass()).isEqualTo("crypto");
    }

    @Test
    void documentedAggTradeUsesAggregateId() {
        CanonicalRecord t = run("binance", fixture("binance", "aggTrade.json"), INGEST).get(0);
        assertThat(t.seq()).isEqualTo(12345);
        assertThat(t.symbol()).isEqualTo("BNB-BTC");
    }

    @Test
    void openKlineSkippedClosedKlineInCombinedStreamIsABar() {
        assertThat(run("binance", fixture("binance", "kline-open.json"), INGEST)).isEmpty();
        List<CanonicalRecord> r = run("binance", fixture("binance", "kline-closed-combined.json"), INGEST);
        assertThat(r).hasSize(1);
        CanonicalRecord b = r.get(0);
        assertThat(b.kind()).isEqualTo(Kind.BAR);
        assertThat(b.interval()).isEqualTo("1m");
        assertThat(b.ts()).isEqualTo(ts("2022-12-31T19:43:00Z"));
        assertThat(b.open()).isEqualTo(dec("0.001"));
        assertThat(b.high()).isEqualTo(dec("0.0025"));
        assertThat(b.low()).isEqualTo(dec("0.0015"));
        assertThat(b.close()).isEqualTo(dec("0.002"));
        assertThat(b.volume()).isEqualTo(dec("1000"));
        assertThat(b.tradeCount()).isEqualTo(100L);
    }

    @Test
    void subscriptionReplySkippedOthersRejected() {
        assertThat(run("binance", json("{\"result\":null,\"id\":1}"), INGEST)).isEmpty();
        rejected(() -> run("binance", json("{\"e\":\"depthUpdate\",\"s\":\"BNBBTC\"}"), INGEST), RejectReason.UNSUPPORTED_MESSAGE, "data.e");
        rejected(() -> run("binance", json("{\"stream\":\"x\",\"data\":{\"e\":\"trade\",\"s\":\"BNBBTC\",\"t\":1,\"p\":\"Infinity\",\"q\":\"1\",\"T\":1672515782136}}"), INGEST),
                RejectReason.NOT_FINITE, "data.data.p");
        rejected(() -> run("binance", json("{\"e\":\"trade\",\"s\":\"FOOBAR\",\"t\":1,\"p\":\"1\",\"q\":\"1\",\"T\":1672515782136}"), INGEST),
                RejectReason.INVALID_VALUE, "data.s");
        rejected(() -> run("binance", json("{\"e\":\"kline\",\"s\":\"BNBBTC\",\"k\":{\"t\":1672515780000,\"s\":\"BNBBTC\",\"i\":\"15m\",\"o\":\"1\",\"c\":\"1\",\"h\":\"1\",\"l\":\"1\",\"v\":\"1\",\"x\":true}}"), INGEST),
                RejectReason.INVALID_VALUE, "data.k.i");
    }
}
