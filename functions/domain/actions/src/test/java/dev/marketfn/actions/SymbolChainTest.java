package dev.marketfn.actions;

import static dev.marketfn.actions.A.split;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.CorporateActionAnnounced;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolChainTest {
    /** Meta Platforms began trading as META on 2022-06-09 (known_at here is illustrative). */
    private static final CorporateActionAnnounced FB_TO_META = new CorporateActionAnnounced("FB-META-2022", "FB",
            CorporateActionAnnounced.SYMBOL_CHANGE, null, null, null, LocalDate.of(2022, 6, 9), null, null, "META",
            Instant.parse("2022-05-20T00:00:00Z"));
    private static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");

    private final SymbolChain chain = SymbolChain.of(List.of(ActionVersion.of(FB_TO_META, null),
            ActionVersion.of(split("OTHER", "FB", "2", "2010-01-04", "2009-12-01T00:00:00Z"), null)));

    @Test
    void oldSymbolContinuesUnderTheNewOne() {
        assertThat(chain.symbolOn("FB", LocalDate.of(2022, 6, 8), NOW)).isEqualTo("FB");
        assertThat(chain.symbolOn("FB", LocalDate.of(2022, 6, 9), NOW)).isEqualTo("META");
        assertThat(chain.symbolOn("FB", LocalDate.of(2024, 1, 2), NOW)).isEqualTo("META");
        assertThat(chain.history("META", NOW)).containsExactly(
                new SymbolChain.Segment("FB", null, LocalDate.of(2022, 6, 9)),
                new SymbolChain.Segment("META", LocalDate.of(2022, 6, 9), null));
    }

    @Test
    void changeNotYetKnownIsNotApplied() {
        Instant before = Instant.parse("2022-05-01T00:00:00Z");
        assertThat(chain.symbolOn("FB", LocalDate.of(2022, 6, 9), before)).isEqualTo("FB");
        assertThat(chain.history("META", before)).containsExactly(new SymbolChain.Segment("META", null, null));
    }
}
