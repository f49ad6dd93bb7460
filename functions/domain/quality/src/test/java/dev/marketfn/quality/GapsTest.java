package dev.marketfn.quality;

import static dev.marketfn.quality.Fixtures.bar;
import static dev.marketfn.quality.Fixtures.cryptoTrade;
import static dev.marketfn.quality.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.QualityAlert;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GapsTest {
    private final QualityConfig cfg = QualityConfig.defaults();

    private static List<String> flags(QualityResult r) {
        return ((QualityResult.Accepted) r).record().quality().flags();
    }

    @Test
    void sequenceGapOfASequencedProviderIsMissingData() {
        List<QualityResult> out = new ArrayList<>();
        Fixtures.run(cfg, null, List.of(
                cryptoTrade("coinbase", "ETH-USD", "2024-03-15T14:30:00.100Z", 8812345100L, "3712.41", "0.25").build(),
                cryptoTrade("coinbase", "ETH-USD", "2024-03-15T14:30:00.200Z", 8812345101L, "3712.40", "0.10").build(),
                cryptoTrade("coinbase", "ETH-USD", "2024-03-15T14:30:00.900Z", 8812345105L, "3712.55", "1.00").build(),
                cryptoTrade("coinbase", "ETH-USD", "2024-03-15T14:30:00.950Z", 8812345103L, "3712.50", "0.02").build()),
                out);
        assertThat(flags(out.get(1))).isEmpty();
        assertThat(flags(out.get(2))).containsExactly(QualityCheck.FLAG_SEQ_GAP);
        assertThat(((QualityResult.Accepted) out.get(2)).record().quality().completeness())
                .isLessThan(((QualityResult.Accepted) out.get(1)).record().quality().completeness());
        assertThat(out.get(2).alerts()).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo(QualityAlert.MISSING_DATA);
            assertThat(a.values()).containsEntry("missing_count", 3L).containsEntry("expected_seq", 8812345102L);
        });
        // a late message from inside the gap is out of order, not a new gap
        assertThat(flags(out.get(3))).containsExactly(QualityCheck.FLAG_OUT_OF_ORDER);
        assertThat(out.get(3).state().lastSeq()).isEqualTo(8812345105L);
    }

    @Test
    void perMessageOrdinalsOfUnsequencedProvidersAreNotGaps() {
        List<QualityResult> out = new ArrayList<>();
        Fixtures.run(cfg, null, List.of(
                cryptoTrade("binance", "ETH-USDT", "2024-03-15T14:30:00.100Z", 3, "3712.41", "0.25").build(),
                cryptoTrade("binance", "ETH-USDT", "2024-03-15T14:30:00.200Z", 0, "3712.40", "0.10").build(),
                cryptoTrade("binance", "ETH-USDT", "2024-03-15T14:30:00.900Z", 7, "3712.55", "1.00").build()), out);
        assertThat(out).allSatisfy(r -> {
            assertThat(flags(r)).isEmpty();
            assertThat(r.alerts()).isEmpty();
        });
    }

    /** Alpha Vantage-style IBM 5-minute bars: Friday close, Monday open, 09:40 missing. */
    @Test
    void missingIntradayBarIsReportedButNightsAndWeekendsAreNot() {
        String[][] bars = {
                {"2024-03-15T19:45:00Z", "191.35", "191.60", "191.20", "191.52", "180231"},
                {"2024-03-15T19:50:00Z", "191.52", "191.80", "191.44", "191.70", "250114"},
                {"2024-03-15T19:55:00Z", "191.70", "191.99", "191.55", "191.80", "1203355"},
                {"2024-03-18T13:30:00Z", "191.75", "192.40", "191.60", "192.10", "420311"},
                {"2024-03-18T13:35:00Z", "192.10", "192.35", "191.88", "192.02", "210884"},
                {"2024-03-18T13:45:00Z", "192.02", "192.30", "191.90", "192.25", "160442"},
        };
        List<CanonicalRecord> records = new ArrayList<>();
        for (String[] b : bars) {
            records.add(bar("alphavantage", "IBM", "5m", b[0], b[1], b[2], b[3], b[4], b[5]).build());
        }
        List<QualityResult> out = new ArrayList<>();
        Fixtures.run(cfg, null, records, out);
        for (int i = 0; i < 5; i++) {
            assertThat(out.get(i).alerts()).as("bar %d", i).isEmpty();
        }
        assertThat(flags(out.get(5))).containsExactly(QualityCheck.FLAG_MISSING_BARS);
        assertThat(out.get(5).alerts()).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo(QualityAlert.MISSING_DATA);
            assertThat(a.values()).containsEntry("missing_count", 1L)
                    .containsEntry("missing_ts", List.of(t("2024-03-18T13:40:00Z")));
        });
    }

    @Test
    void cryptoMinuteBarsTradeAroundTheClock() {
        BarGaps.Missing m = BarGaps.between(t("2024-03-16T23:58:00Z"), t("2024-03-17T00:02:00Z"), "1m", "crypto",
                Set.of());
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.first()).containsExactly(t("2024-03-16T23:59:00Z"), t("2024-03-17T00:00:00Z"),
                t("2024-03-17T00:01:00Z"));
    }

    @Test
    void dailyEquityBarsSkipWeekendsAndConfiguredHolidays() {
        Instant thursday = t("2024-03-28T04:00:00Z"); // 00:00 New York (EDT)
        Instant monday = t("2024-04-01T04:00:00Z");
        assertThat(BarGaps.between(thursday, monday, "1d", "equity", Set.of()).first())
                .containsExactly(t("2024-03-29T04:00:00Z")); // Good Friday, unless configured as a holiday
        assertThat(BarGaps.between(thursday, monday, "1d", "equity", Set.of(LocalDate.of(2024, 3, 29))).any())
                .isFalse();
    }

    @Test
    void longOutageIsCountedExactlyButListsABoundedPrefix() {
        BarGaps.Missing m = BarGaps.between(t("2024-03-15T00:00:00Z"), t("2024-03-16T00:00:00Z"), "1s", "crypto",
                Set.of());
        assertThat(m.count()).isEqualTo(86_399);
        assertThat(m.first()).hasSize(BarGaps.MAX_LISTED);
        // regular session only: 78 five-minute bars per day, Friday 15:55 excluded as the last bar seen
        BarGaps.Missing week = BarGaps.between(t("2024-03-15T19:55:00Z"), t("2024-03-22T13:30:00Z"), "5m", "equity",
                Set.of());
        assertThat(week.count()).isEqualTo(4 * 78);
    }
}
