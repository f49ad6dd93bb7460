package dev.marketfn.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.launcher.Functions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end with a tiny N, so it cannot rot: baselines, start-up of one function (without an AOT cache,
 * training one, and with it), the pipeline's three phases with JFR on one function, and every count check across the
 * five stages.
 */
class SmokeTest {
    @Test
    void tinyRunPassesEveryCheck(@TempDir Path state) throws Exception {
        String functions = System.getProperty("marketfn.functions.dir", "../../functions");
        Path out = state.resolve("smoke.txt");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                buf.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        int code = Main.run(ps, System.err, "e2e", "--n", "300", "--symbols", "10", "--warmup", "0", "--paced-rate", "100",
                "--paced-seconds", "2", "--startup", "normalize", "--startup-configs", "knative", "--jfr", "indicator",
                "--functions-dir", functions, "--state-dir", state.toString(), "--out", out.toString(),
                "--max-wait-seconds", "240",
                "--jvm-opts", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m");
        // the trained cache is left to no other test: later modules start functions without one, as on a clean clone
        Files.deleteIfExists(Functions.aotCache(Path.of(functions, "normalize/target/quarkus-app/quarkus-run.jar")));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("AOT training pass", "AOT cache", "with the AOT cache").doesNotContain("NO AOT cache");
        assertThat(text).contains("SUSTAINED END TO END", "EVENT -> SIGNAL STORED", "(a) Kafka", "(b) PostgreSQL COPY",
                "[indicator]", "RESULT all count checks passed");
        assertThat(text).doesNotContain("FAIL");
        assertThat(code).isEqualTo(Main.EXIT_OK);
        assertThat(out).exists();
    }
}
