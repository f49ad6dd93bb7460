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

class IbkrAdapterTest {
    @Test
    void documentedRtVolumeTakesSymbolFromSubject() {
        List<CanonicalRecord> r = run("ibkr", fixture("ibkr", "rtvolume.json"), "BRK B", "2012-09-19T18:00:00Z");
        assertThat(r).hasSize(1);
        CanonicalRecord t = r.get(0);
        assertThat(t.symbol()).isEqualTo("BRK.B");
        assertThat(t.price()).isEqualTo(dec("701.28"));
        assertThat(t.size()).isEqualTo(dec("1"));
        assertThat(t.ts()).isEqualTo(ts("2012-09-19T17:24:31.534Z"));
        assertThat(t.kind()).isEqualTo(Kind.TRADE);
    }

    @Test
    void volumeOnlyRtVolumeIsNoTrade() {
        assertThat(run("ibkr", fixture("ibkr", "rtvolume-volume-only.json"), "AAPL", "2012-09-19T18:00:00Z")).isEmpty();
        rejected(() -> run("ibkr", json("\";5;1348075471534;67854;701.46918464;true\""), "AAPL", "2012-09-19T18:00:00Z"),
                RejectReason.MISSING_FIELD, "data[price]");
    }

    @Test
    void rtVolumeWithoutSubjectIsRejected() {
        rejected(() -> run("ibkr", fixture("ibkr", "rtvolume.json"), "2012-09-19T18:00:00Z"), RejectReason.MISSING_FIELD, "subject");
    }

    @Test
    void tickByTickLastAndBidAsk() {
        List<CanonicalRecord> r = run("ibkr", fixture("ibkr", "ticks.json"), "2023-11-23T15:00:00Z");
        assertThat(r).hasSize(3);
        assertThat(r).extracting(CanonicalRecord::symbol).containsOnly("BRK.B");
        assertThat(r).extracting(CanonicalRecord::eventId).doesNotHaveDuplicates();
        CanonicalRecord regular = r.get(0);
        assertThat(regular.ts()).isEqualTo(ts("2023-11-23T14:30:00Z"));
        assertThat(regular.exchange()).isEqualTo("XNYS");
        assertThat(regular.price()).isEqualTo(dec("341.06"));
        assertThat(regular.setsLastPrice()).isTrue();
        CanonicalRecord oddLot = r.get(1);
        assertThat(oddLot.conditions()).containsExactly("I");
        assertThat(oddLot.setsLastPrice()).isFalse();
        assertThat(oddLot.exchange()).isEqualTo("XNAS");
        CanonicalRecord q = r.get(2);
        assertThat(q.kind()).isEqualTo(Kind.QUOTE);
        assertThat(q.bid()).isEqualTo(dec("341.04"));
        assertThat(q.askSize()).isEqualTo(dec("300"));
    }

    @Test
    void unreportedTradeDoesNotSetLast() {
        CanonicalRecord t = run("ibkr", json("{\"type\":\"Last\",\"time\":1700749800,\"price\":1,\"size\":1,\"unreported\":true}"), "X", "2023-11-23T15:00:00Z").get(0);
        assertThat(t.setsLastPrice()).isFalse();
        rejected(() -> run("ibkr", json("{\"type\":\"MidPoint\",\"time\":1700749800}"), "X", "2023-11-23T15:00:00Z"),
                RejectReason.UNSUPPORTED_MESSAGE, "data.type");
    }
}
