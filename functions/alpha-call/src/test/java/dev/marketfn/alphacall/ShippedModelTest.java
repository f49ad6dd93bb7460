package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.rules.ModelLoadException;
import dev.marketfn.rules.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample model shipped in the function, and how {@code marketfn.model.file} is resolved. */
class ShippedModelTest {

    @Test
    void sampleModelLoadsWithNameAndVersion() {
        Scorer m = ScorerSource.open("classpath:models/logit-v1.json");
        assertThat(m.model()).isEqualTo(new AlphaCall.Model("mean_reversion_lr", "1.0.0"));
        assertThat(m.features()).containsExactly("rsi_14", "ret_1", "vol_20", "stoch_k_14", "cci_20");
    }

    @Test
    void fileLocationsAndErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("model.json");
        Files.writeString(f, """
                {"name": "mine", "version": "2", "features": ["rsi_14"], "intercept": 0.1, "coefficients": [0.2]}
                """);
        assertThat(ScorerSource.open(f.toString()).model()).isEqualTo(new AlphaCall.Model("mine", "2"));
        assertThatThrownBy(() -> ScorerSource.open(dir.resolve("absent.json").toString()))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("absent.json").hasMessageContaining("cannot read");
        assertThatThrownBy(() -> ScorerSource.open("classpath:models/absent.json"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("resource not found");
    }
}
