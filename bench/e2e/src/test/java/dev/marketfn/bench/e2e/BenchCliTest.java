package dev.marketfn.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark's command line, without running a benchmark. */
class BenchCliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true), new PrintStream(err, true), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyBenchmarkHasHelpWithItsOptionsAndExitCodes() {
        for (String cmd : new String[] {"e2e", "http", "jfr"}) {
            Run r = run(cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Exit codes:", "a check failed");
        }
        assertThat(run("e2e", "--help").out()).contains("--paced-rate", "--function-env", "--functions-dir", "--note");
        assertThat(run("http", "--help").out()).contains("--rates", "--echo-jar", "--out");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(run().code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("e2e", "--no-such").code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("e2e", "--n").code()).isEqualTo(Main.EXIT_USAGE);
        Run phase = run("e2e", "--jfr-phase", "warmup");
        assertThat(phase.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(phase.err()).contains("--jfr-phase is saturation or paced, not warmup");
    }

    @Test
    void countsReadAsPeopleWriteThem() {
        E2eCommand e2e = new E2eCommand();
        new CommandLine(e2e).parseArgs("--n", "1_000_000", "--warmup", "2,000", "--function-env", "A=1,B=2",
                "--baselines", "false", "--jfr", "indicator,normalize");
        assertThat(e2e.n).isEqualTo(1_000_000);
        assertThat(e2e.warmup).isEqualTo(2000);
        assertThat(e2e.functionEnv).containsEntry("A", "1").containsEntry("B", "2");
        assertThat(e2e.baselines).isFalse();
        assertThat(e2e.jfr).containsExactly("indicator", "normalize");
        assertThat(e2e.common.jvm()).containsExactly(Main.DEFAULT_PIPELINE_JVM.split(" "));
    }
}
