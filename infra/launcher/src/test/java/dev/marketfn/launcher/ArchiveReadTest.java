package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.launcher.CliTest.Run;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code marketfn archive-read} on a directory that {@code marketfn archive --once} wrote from embedded PostgreSQL
 * (three JSON trades and one binary message): the lines come in event-time order with the stored attributes and
 * payloads; a foreign file gives exit 3 with the lines, an archive of corrupt objects exit 1. Then the Python research
 * client's {@code raw_events} (clients/python/tests/test_archive.py) runs the command through {@code java -jar} and
 * compares its DataFrame with the rows inserted here.
 */
class ArchiveReadTest {
    static final Path CLIENT = Path.of("../../clients/python").toAbsolutePath().normalize();
    static final byte[] BINARY = {(byte) 0xff, 0x00, 0x01, (byte) 0x80};
    static EmbeddedPostgresServer pg;
    @TempDir
    static Path dir;
    static Path archive;
    /** The inserted rows as the command should print them, in event-time order. */
    static final ArrayNode EXPECTED = CloudEvent.JSON.createArrayNode();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresServer.start();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD); Statement s = c.createStatement()) {
            for (String name : Files.readAllLines(ArchiveCliTest.MIGRATIONS.resolve("index.txt"))) {
                if (!name.isBlank()) {
                    s.execute(Files.readString(ArchiveCliTest.MIGRATIONS.resolve(name.trim())));
                }
            }
            // inserted out of order: the command sorts by event time (the trades' "t"; received_at for the binary one)
            ObjectNode r1 = insert(c, "r1", "AAPL", trade("AAPL", "2026-01-05T15:00:02Z"), "2026-01-05T15:00:03Z");
            ObjectNode r4 = insert(c, "r4", "AAPL", BINARY, "2026-01-05T16:00:00Z");
            ObjectNode r2 = insert(c, "r2", "MSFT", trade("MSFT", "2026-01-05T15:00:01Z"), "2026-01-05T15:00:04Z");
            ObjectNode r3 = insert(c, "r3", "BTC/USD", trade("BTC/USD", "2026-01-05T15:00:00Z"), "2026-01-05T15:00:05Z");
            r1.put("event_time", "2026-01-05T15:00:02Z");
            r2.put("event_time", "2026-01-05T15:00:01Z");
            r3.put("event_time", "2026-01-05T15:00:00Z");
            r4.put("event_time", "2026-01-05T16:00:00Z");
            r4.putArray("symbols");
            // symbols are the records' symbols as the adapter canonicalizes them (normalize writes the same)
            r3.putArray("symbols").add("BTC.USD");
            EXPECTED.add(r3).add(r2).add(r1).add(r4);
        }
        archive = dir.resolve("archive");
        Run a = CliTest.run(Map.of("PG_URL", pg.jdbcUrl()), "archive", "--once", "--archive", archive.toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).contains("archived alpaca 2026-01-05: 4 raw events");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    static byte[] trade(String symbol, String time) {
        return ("[{\"T\":\"t\",\"S\":\"" + symbol + "\",\"i\":1,\"x\":\"V\",\"p\":10.5,\"s\":1,\"t\":\"" + time
                + "\",\"c\":[\"@\"],\"z\":\"C\"}]").getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode insert(Connection c, String id, String subject, byte[] payload, String received) throws Exception {
        boolean text = payload != BINARY;
        String contentType = text ? "application/json" : "application/octet-stream";
        try (PreparedStatement s = c.prepareStatement("INSERT INTO raw_events (event_id, provider, ce_type, ce_source,"
                + " subject, content_type, payload, received_at) VALUES (?, 'alpaca', 'dev.marketfn.raw.v1',"
                + " '/providers/alpaca', ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, subject);
            s.setString(3, contentType);
            s.setBytes(4, payload);
            s.setTimestamp(5, Timestamp.from(Instant.parse(received)));
            s.executeUpdate();
        }
        ObjectNode n = CloudEvent.JSON.createObjectNode();
        n.put("event_id", id);
        n.put("provider", "alpaca");
        n.put("type", "dev.marketfn.raw.v1");
        n.put("source", "/providers/alpaca");
        n.put("subject", subject);
        n.put("content_type", contentType);
        n.put("date", "2026-01-05");
        n.put("symbol", subject);
        if (text) {
            n.putArray("symbols").add(subject);
        }
        n.put("received_at", received);
        n.put("payload", text ? new String(payload, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(payload));
        n.put("payload_encoding", text ? "utf-8" : "base64");
        return n;
    }

    static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                lines.add(CloudEvent.JSON.readTree(l));
            }
        }
        return lines;
    }

    @Test
    void writesTheArchivedEventsInEventTimeOrder() throws Exception {
        Run r = CliTest.run("archive-read", "--archive", archive.toString(), "--provider", "alpaca", "--from",
                "2026-01-05", "--until", "2026-01-06");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = lines(r.out());
        assertThat(lines).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(lines.get(i)).as("line " + i).isEqualTo(EXPECTED.get(i));
        }
        assertThat(r.err()).contains("4 archived events of alpaca from 3 objects"); // the two AAPL events share an object

        Run aapl = CliTest.run("archive-read", "--archive", archive.toString(), "--provider", "alpaca", "--symbols",
                "AAPL", "--from", "2026-01-05T15:00:02Z", "--until", "2026-01-05T16:00:00Z");
        assertThat(aapl.code()).as(aapl.err()).isZero();
        assertThat(lines(aapl.out())).extracting(n -> n.get("event_id").asText()).containsExactly("r1");
        assertThat(CliTest.run("archive-read", "--archive", archive.toString(), "--provider", "polygon").out()).isEmpty();
        assertThat(CliTest.run("archive-read", "--archive", archive.toString(), "--provider", "alpaca", "--from",
                "yesterday").code()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void skippedFilesAreNamedAndTheExitCodeSaysSo() throws Exception {
        Path copy = dir.resolve("damaged");
        List<Path> parquet = new ArrayList<>();
        try (Stream<Path> files = Files.walk(archive)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(archive.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                    if (to.toString().endsWith(".parquet")) {
                        parquet.add(to);
                    }
                }
            }
        }
        Files.writeString(copy.resolve("provider=alpaca/date=2026-01-05/symbol=MSFT/notes.txt"), "not data");
        Run partial = CliTest.run("archive-read", "--archive", copy.toString(), "--provider", "alpaca");
        assertThat(partial.code()).as(partial.err()).isEqualTo(Main.EXIT_PARTIAL);
        assertThat(partial.err()).contains("skipped provider=alpaca/date=2026-01-05/symbol=MSFT/notes.txt: foreign file");
        assertThat(lines(partial.out())).hasSize(4);

        for (Path p : parquet) {
            Files.writeString(p, "PAR1 damaged");
        }
        Run none = CliTest.run("archive-read", "--archive", copy.toString(), "--provider", "alpaca");
        assertThat(none.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(none.err()).contains("corrupt: its SHA-256 is not the one in", "nothing read");
        assertThat(none.out()).isEmpty();
    }

    @Test
    void pythonRawEventsReadsTheArchive() throws Exception {
        Path jar = launcherJar(dir.resolve("launcher.jar"));
        Path expected = dir.resolve("expected.json");
        Files.writeString(expected, CloudEvent.JSON.writeValueAsString(EXPECTED));
        ProcessBuilder pb = new ProcessBuilder(python(), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "tests/test_archive.py").directory(CLIENT.toFile()).redirectErrorStream(true);
        pb.environment().put("MARKETFN_LAUNCHER_JAR", jar.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("MARKETFN_TEST_ARCHIVE", archive.toString());
        pb.environment().put("MARKETFN_TEST_ARCHIVED", expected.toString());
        pb.environment().put("PYTHONPATH", CLIENT.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("pytest finished").isTrue();
        assertThat(p.exitValue()).as("pytest exit code; output:\n" + out).isZero();
        assertThat(out).contains("4 passed").doesNotContain("skipped");
    }

    /**
     * A manifest-only jar over this test's class path (the shaded launcher jar is built after the tests), so the
     * client runs {@code java -jar} as it does against infra/launcher/target/marketfn-launcher.jar.
     */
    static Path launcherJar(Path jar) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        StringBuilder urls = new StringBuilder();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.append(urls.isEmpty() ? "" : " ").append(Path.of(entry).toUri());
            }
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, urls.toString());
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        return jar;
    }

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
