package dev.marketfn.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file format alone: deterministic bytes, exact round trip, foreign Parquet refused; partition key escaping. */
class ParquetFilesTest {
    @TempDir
    Path dir;

    static ArchivedEvent event(String id, String time) {
        byte[] payload = ("{\"id\":\"" + id + "\",\"bytes\":\"\u00e9\"}").getBytes(StandardCharsets.UTF_8);
        return new ArchivedEvent(new RawEvent(id, "alpaca", "dev.marketfn.raw.v1", "/providers/alpaca", "AAPL", null,
                payload, Instant.parse("2026-01-05T14:00:00.123456Z")), Instant.parse(time), "AAPL", "AAPL");
    }

    @Test
    void theSameEventsGiveTheSameBytesAndReadBackExactly() {
        List<ArchivedEvent> events = List.of(event("b", "2026-01-05T14:00:00.000001Z"), event("a", "2026-01-05T14:00:02Z"));
        byte[] one = ParquetFiles.write(events, dir);
        byte[] two = ParquetFiles.write(events, dir);
        assertThat(two).isEqualTo(one);
        List<ArchivedEvent> back = ParquetFiles.read(one, "alpaca", "AAPL", null, null, dir);
        assertThat(back).hasSize(2);
        assertThat(back.get(0).raw().eventId()).isEqualTo("b");
        assertThat(back.get(0).eventTime()).isEqualTo(Instant.parse("2026-01-05T14:00:00.000001Z"));
        assertThat(back.get(0).raw().payload()).isEqualTo(events.get(0).raw().payload());
        assertThat(back.get(0).raw().receivedAt()).isEqualTo(Instant.parse("2026-01-05T14:00:00.123456Z"));
        assertThat(back.get(0).raw().contentType()).isNull();
        assertThat(ParquetFiles.read(one, "alpaca", "AAPL", Instant.parse("2026-01-05T14:00:01Z"), null, dir))
                .extracting(e -> e.raw().eventId()).containsExactly("a");
    }

    @Test
    void parquetOfAnotherSchemaIsForeign() throws Exception {
        Path f = dir.resolve("other.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 1 AS x, 'y' AS y) TO '" + f + "' (FORMAT parquet)");
        }
        assertThatThrownBy(() -> ParquetFiles.read(Files.readAllBytes(f), "alpaca", "AAPL", null, null, dir))
                .isInstanceOf(ParquetFiles.UnreadableFileException.class).hasMessageContaining("not a raw archive file");
    }

    @Test
    void partitionValuesAreEscapedAndFoundAgain() {
        PartitionKey p = PartitionKey.of("coinbase", Instant.parse("2026-01-05T23:59:59Z"), "BTC/USD");
        assertThat(p.prefix()).isEqualTo("provider=coinbase/date=2026-01-05/symbol=BTC%2FUSD/");
        assertThat(PartitionKey.locate(p.prefix() + "part-1.parquet")).hasValueSatisfying(l -> {
            assertThat(l.partition()).isEqualTo(p);
            assertThat(l.name()).isEqualTo("part-1.parquet");
        });
        assertThat(PartitionKey.locate("provider=coinbase/README")).isEmpty();
    }
}
