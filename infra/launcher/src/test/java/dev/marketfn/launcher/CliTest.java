package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true), new PrintStream(err, true), Map.of(), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noCommandOrUnknownOptionIsAUsageError() {
        assertThat(run().code()).isEqualTo(2);
        Run r = run("demo", "--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option");
        assertThat(run("stack").code()).isEqualTo(2);
        assertThat(run("--help").code()).isZero();
    }

    @Test
    void demoFailsClearlyWhenJarsAreMissing(@TempDir Path dir) {
        Run r = run("demo", "--functions-dir", dir.toString(), "--state-dir", dir.resolve("s").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("function jar(s) missing", "normalize", "alpha-call");
        assertThat(run("demo", "--fraction", "0").code()).isEqualTo(2);
    }

    @Test
    void replayRejectsUnreadableFilesAndBadArgs(@TempDir Path dir) throws Exception {
        Run missing = run("replay", dir.resolve("nope.jsonl").toString(), "--provider", "alpaca", "--to", "http",
                "--url", "http://localhost:1/");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read file").contains("nope.jsonl");
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "[{\"T\":\"t\"}]\n{not json\n");
        Run notJson = run("replay", bad.toString(), "--provider", "alpaca", "--to", "http", "--url", "http://localhost:1/");
        assertThat(notJson.code()).isEqualTo(1);
        assertThat(notJson.err()).contains("bad.jsonl:2: not valid JSON");
        assertThat(run("replay", bad.toString(), "--provider", "alpaca", "--to", "ftp").code()).isEqualTo(2);
        assertThat(run("replay", bad.toString(), "--to", "kafka").code()).isEqualTo(2); // --provider missing
        Path good = Files.writeString(dir.resolve("good.jsonl"), "[{\"T\":\"t\",\"S\":\"AAPL\"}]\n");
        Run noKafka = run("replay", good.toString(), "--provider", "alpaca", "--to", "kafka");
        assertThat(noKafka.code()).isEqualTo(1);
        assertThat(noKafka.err()).contains("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void postReportsUnreadableDataAndUnreachableServers(@TempDir Path dir) throws Exception {
        Run missing = run("post", "--url", "http://localhost:9/", "--type", "dev.marketfn.raw.v1", "--data",
                dir.resolve("x.json").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read file");
        Path data = Files.writeString(dir.resolve("d.json"), "{\"a\":1}");
        Run refused = run("post", "--url", "http://localhost:" + Functions.freePort() + "/", "--type",
                "dev.marketfn.raw.v1", "--data", data.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot reach");
        assertThat(run("post", "--url", "not a url", "--type", "t", "--data", data.toString()).err()).contains("bad --url");
        assertThat(run("post", "--type", "t", "--data", data.toString()).code()).isEqualTo(2);
    }

    @Test
    void tailAndStackStatusNeedARunningStack(@TempDir Path dir) {
        Run tail = run("tail", "--type", "dev.marketfn.alpha.call.v1");
        assertThat(tail.code()).isEqualTo(1);
        assertThat(tail.err()).contains("KAFKA_BOOTSTRAP_SERVERS");
        Run unreachable = run("tail", "--type", "x", "--bootstrap", "localhost:" + Functions.freePort(), "--limit", "1");
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).contains("Kafka not reachable");
        Run status = run("stack", "status", "--state-dir", dir.toString());
        assertThat(status.code()).isEqualTo(1);
        assertThat(status.err()).contains("no stack running here");
        assertThat(run("stack", "down", "--state-dir", dir.toString()).code()).isEqualTo(1);
    }
}
