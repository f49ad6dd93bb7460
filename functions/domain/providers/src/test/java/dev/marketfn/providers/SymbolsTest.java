package dev.marketfn.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SymbolsTest {
    @Test
    void controlCharactersOnlyAreAnEmptySymbolNotACrash() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Symbols.equity("\u0000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("empty symbol");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Symbols.crypto(" \u0001 "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("empty symbol");
    }

    @Test
    void shareClassesUseADot() {
        assertThat(Symbols.equity("BRK/B")).isEqualTo("BRK.B");
        assertThat(Symbols.equity("brk-b")).isEqualTo("BRK.B");
        assertThat(Symbols.equity("BRK B")).isEqualTo("BRK.B");
        assertThat(Symbols.equity(" aapl ")).isEqualTo("AAPL");
        assertThatThrownBy(() -> Symbols.equity("A$B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Symbols.equity("-B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Symbols.equity(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cryptoPairsSplitAtLongestQuoteSuffix() {
        assertThat(Symbols.crypto("BTCUSDT")).isEqualTo("BTC-USDT");
        assertThat(Symbols.crypto("bnbfdusd")).isEqualTo("BNB-FDUSD");
        assertThat(Symbols.crypto("XRPTUSD")).isEqualTo("XRP-TUSD");
        assertThat(Symbols.crypto("ETHBTC")).isEqualTo("ETH-BTC");
        assertThat(Symbols.crypto("BTCTRY")).isEqualTo("BTC-TRY");
        assertThat(Symbols.crypto("BTC-USD")).isEqualTo("BTC-USD");
        assertThat(Symbols.crypto("eth/eur")).isEqualTo("ETH-EUR");
        assertThatThrownBy(() -> Symbols.crypto("USDT")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Symbols.crypto("FOOBAR")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Symbols.quoteAsset("BTC-USDT")).isEqualTo("USDT");
    }

    @Test
    void cryptoDetectionNeedsASeparatorAndKnownQuote() {
        assertThat(Symbols.looksLikeCryptoPair("BTC-USD")).isTrue();
        assertThat(Symbols.looksLikeCryptoPair("BRK-B")).isFalse();
        assertThat(Symbols.looksLikeCryptoPair("BTCUSD")).isFalse();
    }
}
