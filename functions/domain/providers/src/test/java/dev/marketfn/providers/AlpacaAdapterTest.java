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

class AlpacaAdapterTest {
    private static final String INGEST = "2021-02-22T20:00:00Z";

    @Test
    void documentedFrameBecomesTradeQuoteAndBar() {
        List<CanonicalRecord> r = run("alpaca", fixture("alpaca", "frame.json"), INGEST);
        assertThat(r).hasSize(3);

        CanonicalRecord t = r.get(0);
        assertThat(t.kind()).isEqualTo(Kind.TRADE);
        assertThat(t.eventId()).isEqualTo("alpaca|AAPL|2021-02-22T15:51:44.208000Z|96921");
        assertThat(t.symbol()).isEqualTo("AAPL");
        assertThat(t.price()).isEqualTo(dec("126.55"));
        assertThat(t.size()).isEqualTo(dec("1"));
        assertThat(t.exchange()).isEqualTo("XADF");
        assertThat(t.conditions()).containsExactly("@", "I");
        assertThat(t.setsLastPrice()).as("I = odd lot").isFalse();
        assertThat(t.assetClass()).isEqualTo("equity");
        assertThat(t.currency()).isEqualTo("USD");
        assertThat(t.rawEventId()).isEqualTo("raw-1");
        assertThat(t.ingestTs()).isEqualTo(ts(INGEST));
        assertThat(t.schemaVersion()).isEqualTo(1);
        assertThat(t.provider()).isEqualTo("alpaca");

        CanonicalRecord q = r.get(1);
        assertThat(q.kind()).isEqualTo(Kind.QUOTE);
        assertThat(q.symbol()).isEqualTo("AMD");
        assertThat(q.ts()).as("nanoseconds truncated").isEqualTo(ts("2021-02-22T15:51:45.335689Z"));
        assertThat(q.seq()).as("no id: ordinal in the frame").isEqualTo(1);
        assertThat(q.bid()).isEqualTo(dec("87.66"));
        assertThat(q.ask()).isEqualTo(dec("87.68"));
        assertThat(q.bidSize()).isEqualTo(dec("1"));
        assertThat(q.askSize()).isEqualTo(dec("4"));

        CanonicalRecord b = r.get(2);
        assertThat(b.kind()).isEqualTo(Kind.BAR);
        assertThat(b.symbol()).isEqualTo("SPY");
        assertThat(b.interval()).isEqualTo("1m");
        assertThat(b.ts()).isEqualTo(ts("2021-02-22T19:15:00Z"));
        assertThat(b.open()).isEqualTo(dec("388.985"));
        assertThat(b.high()).isEqualTo(dec("389.13"));
        assertThat(b.low()).isEqualTo(dec("388.975"));
        assertThat(b.close()).isEqualTo(dec("389.12"));
        assertThat(b.volume()).isEqualTo(dec("49378"));
        assertThat(b.seq()).isEqualTo(60);
    }

    @Test
    void controlMessagesAreSkipped() {
        assertThat(run("alpaca", fixture("alpaca", "control.json"), INGEST)).isEmpty();
        assertThat(run("alpaca", json("[{\"T\":\"subscription\",\"trades\":[\"AAPL\"]},{\"T\":\"error\",\"code\":400,\"msg\":\"invalid syntax\"}]"), INGEST)).isEmpty();
    }

    @Test
    void dailyBarKeepsItsMidnightEasternStartAndCounts() {
        CanonicalRecord d = run("alpaca", json("[{\"T\":\"d\",\"S\":\"BRK/B\",\"o\":1,\"h\":2,\"l\":0.5,\"c\":1.5,\"v\":10,\"n\":3,\"vw\":1.2,\"t\":\"2021-02-22T05:00:00Z\"}]"), INGEST).get(0);
        assertThat(d.symbol()).isEqualTo("BRK.B");
        assertThat(d.interval()).isEqualTo("1d");
        assertThat(d.ts()).isEqualTo(ts("2021-02-22T05:00:00Z"));
        assertThat(d.tradeCount()).isEqualTo(3L);
        assertThat(d.vwap()).isEqualTo(dec("1.2"));
    }

    @Test
    void conditionTableDependsOnTape() {
        String frame = "[{\"T\":\"t\",\"i\":1,\"S\":\"X\",\"p\":1,\"s\":1,\"t\":\"2021-02-22T15:00:00Z\",\"c\":[\"B\"],\"z\":\"%s\"}]";
        assertThat(run("alpaca", json(frame.formatted("A")), INGEST).get(0).setsLastPrice()).as("CTA B = average price").isFalse();
        assertThat(run("alpaca", json(frame.formatted("C")), INGEST).get(0).setsLastPrice()).as("UTP B = bunched").isTrue();
        String regular = "[{\"T\":\"t\",\"i\":1,\"S\":\"X\",\"p\":1,\"s\":1,\"t\":\"2021-02-22T15:00:00Z\",\"c\":[\"@\",\"F\"],\"z\":\"C\"}]";
        assertThat(run("alpaca", json(regular), INGEST).get(0).setsLastPrice()).isTrue();
        for (String c : List.of("T", "W", "Z", "U", "4", "P", "C", "N", "R")) {
            String f = "[{\"T\":\"t\",\"i\":1,\"S\":\"X\",\"p\":1,\"s\":1,\"t\":\"2021-02-22T15:00:00Z\",\"c\":[\"" + c + "\"],\"z\":\"C\"}]";
            assertThat(run("alpaca", json(f), INGEST).get(0).setsLastPrice()).as(c).isFalse();
        }
    }

    @Test
    void badInputNamesTheField() {
        rejected(() -> run("alpaca", json("[{\"T\":\"t\",\"i\":1,\"S\":\"X\",\"p\":1,\"s\":1,\"t\":\"2021-02-22T15:00:00Z\"},{\"T\":\"t\",\"i\":2,\"S\":\"X\",\"s\":1,\"t\":\"2021-02-22T15:00:00Z\"}]"), INGEST),
                RejectReason.MISSING_FIELD, "data[1].p");
        rejected(() -> run("alpaca", json("[{\"T\":\"t\",\"i\":1,\"S\":\"X\",\"p\":\"abc\",\"s\":1,\"t\":\"2021-02-22T15:00:00Z\"}]"), INGEST),
                RejectReason.WRONG_TYPE, "data[0].p");
        rejected(() -> run("alpaca", json("[{\"T\":\"t\",\"i\":1,\"S\":\"X\",\"p\":0,\"s\":1,\"t\":\"2021-02-22T15:00:00Z\"}]"), INGEST),
                RejectReason.OUT_OF_RANGE, "data[0].p");
        rejected(() -> run("alpaca", json("[{\"T\":\"t\",\"i\":1,\"S\":\"X\",\"p\":1,\"s\":-1,\"t\":\"2021-02-22T15:00:00Z\"}]"), INGEST),
                RejectReason.OUT_OF_RANGE, "data[0].s");
        rejected(() -> run("alpaca", json("[{\"T\":\"t\",\"i\":1,\"S\":\"X\",\"p\":1,\"s\":1,\"t\":\"yesterday\"}]"), INGEST),
                RejectReason.WRONG_TYPE, "data[0].t");
        rejected(() -> run("alpaca", json("[{\"T\":\"t\",\"i\":1,\"S\":\"X\",\"p\":1,\"s\":1,\"t\":\"2021-02-24T15:00:00Z\"}]"), INGEST),
                RejectReason.OUT_OF_RANGE, "data[0].t");
        rejected(() -> run("alpaca", json("[{\"T\":\"zz\"}]"), INGEST), RejectReason.UNSUPPORTED_MESSAGE, "data[0].T");
        rejected(() -> run("alpaca", json("[42]"), INGEST), RejectReason.WRONG_TYPE, "data[0]");
    }
}
