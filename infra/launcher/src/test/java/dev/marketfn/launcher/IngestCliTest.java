package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, args);
    }

    @Test
    void anUnknownProviderIsAUsageError() {
        assertThat(run(Map.of(), "ingest", "--provider", "iex", "--symbols", "AAPL")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--provider must be one of alpaca, alpaca-news, polygon, finnhub, coinbase, binance");
    }

    @Test
    void alpacaNewsNeedsAlpacasKeys() {
        assertThat(run(Map.of(), "ingest", "--provider", "alpaca-news", "--symbols", "*")).isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("alpaca-news needs its credentials in APCA_API_KEY_ID");
    }

    @Test
    void finnhubNeedsItsKey() {
        assertThat(run(Map.of(), "ingest", "--provider", "finnhub", "--symbols", "AAPL")).isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("finnhub needs its credentials in FINNHUB_API_KEY");
    }

    @Test
    void missingKeysNameTheVariableAndNeverPrintAKey() {
        assertThat(run(Map.of("APCA_API_KEY_ID", "AKLIVEKEY123"), "ingest", "--provider", "alpaca", "--symbols", "AAPL"))
                .isEqualTo(Main.EXIT_FAILED);
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e).contains("alpaca needs its credentials in APCA_API_SECRET_KEY").doesNotContain("AKLIVEKEY123");
    }

    @Test
    void noSinkIsAClearError() {
        assertThat(run(Map.of(), "ingest", "--provider", "coinbase", "--symbols", "ETH-USD")).isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("set K_SINK").contains("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void theNewsPollersNeedTheProvidersKeysAndTheirOptionsApplyToThemOnly() {
        assertThat(run(Map.of("POLYGON_API_KEY", " "), "ingest", "--provider", "polygon-news", "--symbols", "AAPL"))
                .isEqualTo(Main.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("polygon-news needs its credentials in POLYGON_API_KEY");
        assertThat(run(Map.of(), "ingest", "--provider", "coinbase", "--symbols", "ETH-USD", "--poll-interval", "30"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("apply to the news pollers only");
        assertThat(run(Map.of(), "ingest", "--provider", "finnhub-news", "--symbols", "AAPL", "--poll-interval", "0"))
                .isEqualTo(Main.EXIT_USAGE);
    }
}
