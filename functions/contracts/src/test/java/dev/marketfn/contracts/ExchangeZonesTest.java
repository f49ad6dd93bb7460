package dev.marketfn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExchangeZonesTest {
    @Test
    void cryptoByAssetClassOrPairSymbolIsUtcEverythingElseNewYork() {
        assertThat(ExchangeZones.of("crypto", "BTC-USD")).isEqualTo(ExchangeZones.UTC);
        assertThat(ExchangeZones.of("CRYPTO_SPOT", "BTCUSDT")).isEqualTo(ExchangeZones.UTC);
        assertThat(ExchangeZones.of(null, "ETH-USD")).isEqualTo(ExchangeZones.UTC); // an adapter that sets no asset class
        assertThat(ExchangeZones.of("equity", "BRK.B")).isEqualTo(ExchangeZones.NEW_YORK);
        assertThat(ExchangeZones.of(null, "AAPL")).isEqualTo(ExchangeZones.NEW_YORK);
        assertThat(ExchangeZones.of(null, null)).isEqualTo(ExchangeZones.NEW_YORK);
    }
}
