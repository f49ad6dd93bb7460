package dev.marketfn.quality;

import static dev.marketfn.quality.Fixtures.bar;
import static dev.marketfn.quality.Fixtures.cryptoTrade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesStateTest {
    private final QualityConfig cfg = QualityConfig.defaults();

    private static SeriesState roundTrip(SeriesState s) throws Exception {
        return Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(s), SeriesState.class);
    }

    @Test
    void stateRoundTripsExactlyThroughJson() throws Exception {
        List<CanonicalRecord> rs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rs.add(cryptoTrade("coinbase", "BTC-USD", String.format("2024-03-15T14:30:%02d.123456Z", i), 70 + i,
                    "670" + (10 + i) + ".07", "0.00031").build());
        }
        rs.add(cryptoTrade("coinbase", "BTC-USD", "2024-03-15T14:30:59.5Z", 99, "71000", "0.5").build()); // outlier
        SeriesState s = Fixtures.run(cfg, null, rs, new ArrayList<>()).state();
        assertThat(s.outlierRunPrice()).isEqualByComparingTo("71000");
        assertThat(s.recentPrices()).hasSize(25);
        assertThat(roundTrip(s)).isEqualTo(s);

        CanonicalRecord b = bar("polygon", "MSFT", "1m", "2024-03-15T14:30:00Z", "416.16", "416.3", "416.1", "416.2",
                "12000").build();
        SeriesState bars = QualityCheck.check(b, null, cfg, b.ts().plusSeconds(61)).state();
        assertThat(bars.key()).isEqualTo("polygon|MSFT|bar|1m");
        assertThat(roundTrip(bars)).isEqualTo(bars);
        assertThat(roundTrip(SeriesState.initial(b))).isEqualTo(SeriesState.initial(b));
    }

    @Test
    void stateOfAnotherSeriesIsAProgrammingError() {
        CanonicalRecord btc = cryptoTrade("coinbase", "BTC-USD", "2024-03-15T14:30:00Z", 1, "67000", "1").build();
        CanonicalRecord eth = cryptoTrade("coinbase", "ETH-USD", "2024-03-15T14:30:00Z", 1, "3700", "1").build();
        SeriesState s = QualityCheck.check(btc, null, cfg, btc.ts()).state();
        assertThatThrownBy(() -> QualityCheck.check(eth, s, cfg, eth.ts()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
