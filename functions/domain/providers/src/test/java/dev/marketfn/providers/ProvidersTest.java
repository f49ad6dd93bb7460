package dev.marketfn.providers;

import static dev.marketfn.providers.TestSupport.json;
import static dev.marketfn.providers.TestSupport.rejected;
import static dev.marketfn.providers.TestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.RejectReason;
import org.junit.jupiter.api.Test;

class ProvidersTest {
    @Test
    void allSpecProvidersRegistered() {
        assertThat(Providers.standard().names()).containsExactlyInAnyOrder("alpaca", "polygon", "finnhub", "binance",
                "coinbase", "alphavantage", "ibkr", "csv", "synthetic");
        assertThat(Providers.standard().adapter(" Alpaca ").provider()).isEqualTo("alpaca");
    }

    @Test
    void unknownOrMissingProviderIsRejected() {
        rejected(() -> run("bloomberg", json("{}"), "2024-01-01T00:00:00Z"), RejectReason.UNKNOWN_PROVIDER, "provider");
        rejected(() -> run(null, json("{}"), "2024-01-01T00:00:00Z"), RejectReason.UNKNOWN_PROVIDER, "provider");
    }

    @Test
    void missingDataIsRejectedForEveryProvider() {
        for (String p : Providers.standard().names()) {
            rejected(() -> run(p, null, "X", "2024-01-01T00:00:00Z"), RejectReason.MISSING_FIELD, "data");
        }
    }
}
