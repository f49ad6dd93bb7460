package dev.marketfn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.store.ConsoleRepository;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowsJsonTest {
    @Test
    void jsonTextMembersAreWrittenAsJsonUnderTheirNameWithoutSuffix() {
        String out = RowsJson.write(List.of(new ConsoleRepository.IndicatorRow("p",
                Instant.parse("2026-03-02T14:30:00Z"), "{\"sma_20\": 101.5, \"rsi_14\": null}")));
        assertThat(out).isEqualTo(
                "[{\"provider\":\"p\",\"ts\":\"2026-03-02T14:30:00.000000Z\",\"values\":{\"sma_20\":101.5,\"rsi_14\":null}}]");
    }
}
