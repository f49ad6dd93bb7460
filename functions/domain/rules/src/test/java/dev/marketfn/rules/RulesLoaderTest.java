package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesLoaderTest {

    private static void assertLoadError(String yaml, int line, int column, String reason) {
        assertThatThrownBy(() -> RulesLoader.parse(yaml, "rules.yaml"))
                .isInstanceOfSatisfying(RulesLoadException.class, e -> {
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.file()).isEqualTo("rules.yaml");
                    assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(line, column);
                    assertThat(e.getMessage()).startsWith("rules.yaml:" + line + ":" + column + ": ");
                });
    }

    @Test
    void loadsTheListForm() {
        RuleSet set = RulesLoader.parse("""
                - name: rsi_oversold
                  condition: "rsi_14 < 30 and close > sma_20"
                  signal: 1.0
                  score: 0.7
                - name: off        # YAML 1.1 would read this as a boolean; names are taken as written
                  condition: "rsi_14 > 70"
                  signal: -1
                  score: 1
                  enabled: false
                """, "rules.yaml");
        assertThat(set.rules()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("rsi_oversold");
            assertThat(r.condition()).isEqualTo("rsi_14 < 30 and close > sma_20");
            assertThat(r.signal()).isEqualTo(1.0);
            assertThat(r.score()).isEqualTo(0.7);
        });
        assertThat(set.thresholds()).isEqualTo(Thresholds.DEFAULT);
        assertThat(set.source()).isEqualTo("rules.yaml");
    }

    @Test
    void loadsTheMapFormWithThresholds() {
        RuleSet set = RulesLoader.parse("""
                thresholds: {buy: 0.5, sell: -0.4, min_confidence: 0.2}
                rules:
                  - {name: a, condition: "close > 1", signal: 1, score: 1}
                """, "rules.yaml");
        assertThat(set.thresholds()).isEqualTo(new Thresholds(0.5, -0.4, 0.2));
        assertThat(set.rules()).hasSize(1);
    }

    @Test
    void yamlSyntaxErrorHasPosition() {
        assertLoadError("""
                - name: a
                  condition: "close > 1
                  signal: 1
                """, 4, 1, "YAML");
        assertLoadError("- name: a\n   bad: [1, 2\n", 2, 7, "mapping values are not allowed");
    }

    @Test
    void missingAndMalformedFields() {
        assertLoadError("""
                - name: a
                  signal: 1
                  score: 1
                """, 1, 3, "missing 'condition'");
        assertLoadError("""
                - name: a
                  condition: "close > 1"
                  signal: 1
                """, 1, 3, "missing 'score'");
        assertLoadError("""
                - name: a
                  condition: "close > 1"
                  signal: "1"
                  score: 1
                """, 3, 11, "signal must be a number");
        assertLoadError("""
                - name: a
                  condition: [close > 1]
                  signal: 1
                  score: 1
                """, 2, 14, "condition must be text");
        assertLoadError("""
                - name: a
                  condition: 42
                  signal: 1
                  score: 1
                """, 2, 14, "must be true/false");
        assertLoadError("""
                - name: a
                  condition: "close > 1"
                  singal: 1
                  score: 1
                """, 3, 3, "unknown key 'singal'");
        assertLoadError("""
                - name: a
                  name: b
                  condition: "close > 1"
                  signal: 1
                  score: 1
                """, 2, 3, "duplicate key 'name'");
        assertLoadError("rules: []\n", 1, 8, "no rules");
        assertLoadError("thresholds: {buy: 0.3}\n", 1, 1, "missing 'rules'");
        assertLoadError("", 1, 1, "empty rules file");
        assertLoadError("- just a string\n", 1, 3, "must be a mapping");
    }

    @Test
    void signalAndScoreRanges() {
        assertLoadError("""
                - name: a
                  condition: "close > 1"
                  signal: 1.5
                  score: 1
                """, 3, 11, "signal must be in [-1, 1]");
        assertLoadError("""
                - name: a
                  condition: "close > 1"
                  signal: -1
                  score: -0.1
                """, 4, 10, "score must be >= 0");
        assertLoadError("""
                - name: a
                  condition: "close > 1"
                  signal: .nan
                  score: 1
                """, 3, 11, "finite");
        assertLoadError("""
                thresholds:
                  buy: -0.3
                rules:
                  - {name: a, condition: "close > 1", signal: 1, score: 1}
                """, 2, 3, "buy threshold");
    }

    @Test
    void namesAreValidAndUnique() {
        assertLoadError("""
                - {name: a, condition: "close > 1", signal: 1, score: 1}
                - {name: a, condition: "close > 2", signal: 1, score: 1}
                """, 2, 10, "duplicate rule name 'a'");
        assertLoadError("- {name: Bad Name, condition: \"close > 1\", signal: 1, score: 1}\n", 1, 10, "must match");
    }

    @Test
    void expressionErrorsPointInsideTheCondition() {
        // double-quoted: column of 'rsi_41' = 3 ("  condition: ") + 11 + 1 (quote) + 14 ("close > 1 and ")
        assertLoadError("""
                - name: a
                  condition: "close > 1 and rsi_41 < 30"
                  signal: 1
                  score: 1
                """, 2, 29, "unknown identifier 'rsi_41'");
        // plain scalar
        assertLoadError("""
                - name: a
                  condition: close > 1 and rsi_41 < 30
                  signal: 1
                  score: 1
                """, 2, 28, "unknown identifier 'rsi_41'");
        // single-quoted
        assertLoadError("""
                - name: a
                  condition: 'close > 1 and $x'
                  signal: 1
                  score: 1
                """, 2, 29, "unexpected character '$'");
        // block scalar: the error is on the second line of the block
        assertLoadError("""
                - name: a
                  condition: |
                    close > 1
                      and sma_20 >< 3
                  signal: 1
                  score: 1
                """, 4, 19, "expected a number");
        // the reset expression is checked the same way
        assertLoadError("""
                - name: a
                  condition: "rsi_14 > 70"
                  reset: "rsi_14 < sixty_five"
                  signal: 1
                  score: 1
                """, 3, 20, "unknown identifier 'sixty_five'");
    }

    @Test
    void loadsFromAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my-rules.yaml");
        Files.writeString(file, "- {name: a, condition: \"close > 1\", signal: 1, score: 1}\n");
        assertThat(RulesLoader.load(file).rules()).hasSize(1);
        Files.writeString(file, "- {name: a, condition: \"close >\", signal: 1, score: 1}\n");
        assertThatThrownBy(() -> RulesLoader.load(file)).isInstanceOfSatisfying(RulesLoadException.class,
                e -> assertThat(e.getMessage()).startsWith(file + ":1:32: "));
        assertThatThrownBy(() -> RulesLoader.load(dir.resolve("missing.yaml")))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("cannot read");
    }

    @Test
    void holderKeepsTheLastGoodSet(@TempDir Path dir) throws Exception {
        RulesHolder holder = new RulesHolder(RulesLoader.defaults());
        RuleSet good = holder.current();
        assertThat(holder.reload("- {name: a, condition: \"nope(\", signal: 1, score: 1}\n", "cm"))
                .hasValueSatisfying(e -> assertThat(e.file()).isEqualTo("cm"));
        assertThat(holder.current()).isSameAs(good);

        Path file = dir.resolve("r.yaml");
        Files.writeString(file, "- {name: only, condition: \"close > 1\", signal: 1, score: 1}\n");
        assertThat(holder.reload(file)).isEmpty();
        assertThat(holder.current().rules()).extracting(Rule::name).containsExactly("only");
        Files.writeString(file, "- {name: only, condition: \"close > \", signal: 1, score: 1}\n");
        assertThat(holder.reload(file)).isPresent();
        assertThat(holder.current().rules()).extracting(Rule::name).containsExactly("only");
    }
}
