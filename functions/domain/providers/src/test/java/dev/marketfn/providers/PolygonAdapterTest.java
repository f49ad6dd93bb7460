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

class PolygonAdapterTest {
    private static final String INGEST = "2021-01-09T00:00:00Z";

    @Test
    void documentedFrame() {
        List<CanonicalRecord> r = run("polygon", fixture("polygon", "frame.json"), INGEST);
        assertThat(r).hasSize(3);

        CanonicalRecord t = r.get(0);
        assertThat(t.kind()).isEqualTo(Kind.TRADE);
        assertThat(t.eventId()).isEqualTo("polygon|MSFT|2018-09-04T04:53:38.784000Z|3681328");
        assertThat(t.price()).isEqualTo(dec("114.125"));
        assertThat(t.size()).isEqualTo(dec("100"));
        assertThat(t.exchange()).isEqualTo("XADF");
        assertThat(t.conditions()).containsExactly("0", "12");
        assertThat(t.setsLastPrice()).as("12 = Form T").isFalse();

        CanonicalRecord q = r.get(1);
        assertThat(q.kind()).isEqualTo(Kind.QUOTE);
        assertThat(q.seq()).isEqualTo(50385480);
        assertThat(q.bid()).isEqualTo(dec("114.125"));
        assertThat(q.ask()).isEqualTo(dec("114.128"));
        assertThat(q.bidSize()).as("round lots multiplied out").isEqualTo(dec("10000"));
        assertThat(q.askSize()).isEqualTo(dec("16000"));

        CanonicalRecord b = r.get(2);
        assertThat(b.kind()).isEqualTo(Kind.BAR);
        assertThat(b.symbol()).isEqualTo("GTE");
        assertThat(b.interval()).isEqualTo("1m");
        assertThat(b.ts()).as("window start s").isEqualTo(ts("2021-01-08T22:24:00Z"));
        assertThat(b.open()).isEqualTo(dec("0.4488"));
        assertThat(b.high()).isEqualTo(dec("0.4489"));
        assertThat(b.low()).isEqualTo(dec("0.4486"));
        assertThat(b.close()).isEqualTo(dec("0.4486"));
        assertThat(b.volume()).isEqualTo(dec("4110"));
        assertThat(b.vwap()).isEqualTo(dec("0.4488"));
        assertThat(b.tradeCount()).as("z is average size, not a count").isNull();
    }

    @Test
    void statusIsSkipped() {
        assertThat(run("polygon", fixture("polygon", "status.json"), INGEST)).isEmpty();
    }

    @Test
    void conditionTable() {
        String f = "[{\"ev\":\"T\",\"sym\":\"X\",\"p\":1,\"s\":1,\"t\":1610000000000,\"q\":1,\"c\":[%s]}]";
        for (int c : List.of(2, 7, 12, 13, 20, 22, 29, 33, 37, 52, 53, 10)) {
            assertThat(run("polygon", json(f.formatted(c)), INGEST).get(0).setsLastPrice()).as("code " + c).isFalse();
        }
        for (int c : List.of(0, 1, 3, 14, 25, 30, 41)) {
            assertThat(run("polygon", json(f.formatted(c)), INGEST).get(0).setsLastPrice()).as("code " + c).isTrue();
        }
        assertThat(run("polygon", json(f.formatted("")), INGEST).get(0).setsLastPrice()).isTrue();
    }

    @Test
    void badInput() {
        rejected(() -> run("polygon", json("[{\"ev\":\"T\",\"sym\":\"X\",\"p\":1,\"s\":1,\"t\":\"soon\",\"q\":1}]"), INGEST),
                RejectReason.WRONG_TYPE, "data[0].t");
        rejected(() -> run("polygon", json("[{\"ev\":\"T\",\"sym\":\"X\",\"p\":1,\"s\":1,\"t\":500000000000,\"q\":1}]"), INGEST),
                RejectReason.OUT_OF_RANGE, "data[0].t");
        rejected(() -> run("polygon", json("[{\"ev\":\"LULD\",\"T\":\"X\"}]"), INGEST), RejectReason.UNSUPPORTED_MESSAGE, "data[0].ev");
        rejected(() -> run("polygon", json("[{\"ev\":\"T\",\"sym\":\"X\",\"p\":-1,\"s\":1,\"t\":1610000000000,\"q\":1}]"), INGEST),
                RejectReason.OUT_OF_RANGE, "data[0].p");
    }
}
