package dev.marketfn.archive;

import static dev.marketfn.archive.ArchiveDatabase.alpaca;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive against a real S3 API (S3Mock in this JVM) and embedded PostgreSQL: two closed days of Alpaca raw
 * events are archived as Hive-partitioned Parquet with manifests and archived_days rows; archiving them again writes
 * nothing and leaves every object byte for byte; replay reads them in event-time order; corrupt and foreign files are
 * skipped by name; an unreachable store fails the pass, loses nothing, and the next pass archives everything.
 */
class S3ArchiveTest {
    static final Instant CLOSED = Instant.parse("2026-01-07T00:00:00Z");
    @TempDir
    static Path dir;
    static ArchiveDatabase db;
    static S3MockServer s3;

    @BeforeAll
    static void start() throws Exception {
        db = new ArchiveDatabase();
        s3 = new S3MockServer(dir.resolve("s3"));
        // received in this order; e3 happened before e1
        db.insertRaw("e1", "alpaca", "AAPL", alpaca("AAPL", "2026-01-05T14:00:03Z"), Instant.parse("2026-01-05T14:00:04Z"));
        db.insertRaw("e2", "alpaca", "MSFT", alpaca("MSFT", "2026-01-05T14:00:01Z"), Instant.parse("2026-01-05T14:00:05Z"));
        db.insertRaw("e3", "alpaca", "AAPL", alpaca("AAPL", "2026-01-05T14:00:02Z"), Instant.parse("2026-01-05T14:00:06Z"));
        db.insertRaw("e4", "alpaca", null, "[" + alpaca("AAPL", "2026-01-05T14:00:00Z").replaceAll("^\\[|]$", "") + ","
                + alpaca("MSFT", "2026-01-05T14:00:00.5Z").replaceAll("^\\[|]$", "") + "]", Instant.parse("2026-01-05T14:00:06.5Z"));
        db.insertRaw("e5", "alpaca", null, "{\"status\":\"unknown to the adapter\"}", Instant.parse("2026-01-05T14:00:07Z"));
        // received on the 6th, happened on the 5th
        db.insertRaw("e6", "alpaca", "AAPL", alpaca("AAPL", "2026-01-05T23:59:59.5Z"), Instant.parse("2026-01-06T00:00:01Z"));
        db.insertRaw("e7", "alpaca", "AAPL", alpaca("AAPL", "2026-01-06T10:00:00Z"), Instant.parse("2026-01-06T10:00:01Z"));
        // not closed yet
        db.insertRaw("e8", "alpaca", "AAPL", alpaca("AAPL", "2026-01-07T10:00:00Z"), Instant.parse("2026-01-07T10:00:01Z"));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void forgetArchivedDays() throws Exception {
        db.execute("DELETE FROM archived_days");
    }

    List<Archiver.DayResult> archive(ObjectStore store) throws Exception {
        try (Connection c = db.connect()) {
            return new Archiver(store, new ArchiveRepository(c), 3, dir.resolve("tmp"), new ArchiverStats())
                    .archiveClosedDays(CLOSED, r -> { });
        }
    }

    static Map<String, byte[]> objects(ObjectStore store) {
        Map<String, byte[]> all = new LinkedHashMap<>();
        for (String k : store.list("")) {
            all.put(k, store.get(k).orElseThrow());
        }
        return all;
    }

    @Test
    void archivesOnceAndReplaysInEventTimeOrder() throws Exception {
        try (ObjectStore store = ObjectStores.open(s3.uri("run1"), Map.of())) {
            List<Archiver.DayResult> days = archive(store);
            assertThat(days).extracting(d -> d.day().toString(), Archiver.DayResult::events)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-01-05", 5L),
                            org.assertj.core.groups.Tuple.tuple("2026-01-06", 2L));
            assertThat(db.count("SELECT sum(raw_events) FROM archived_days WHERE provider = 'alpaca'")).isEqualTo(7);
            Map<String, byte[]> first = objects(store);
            assertThat(first.keySet()).allMatch(k -> k.startsWith("provider=alpaca/date=2026-01-0"))
                    .anyMatch(k -> k.startsWith("provider=alpaca/date=2026-01-05/symbol=AAPL/part-"))
                    .anyMatch(k -> k.startsWith("provider=alpaca/date=2026-01-05/symbol=_multi/part-"))
                    .anyMatch(k -> k.startsWith("provider=alpaca/date=2026-01-05/symbol=_none/part-"))
                    .anyMatch(k -> k.startsWith("provider=alpaca/date=2026-01-06/symbol=AAPL/part-"))
                    .contains("provider=alpaca/date=2026-01-05/symbol=MSFT/_manifest.json")
                    .noneMatch(k -> k.startsWith("provider=alpaca/date=2026-01-07"));
            Manifest aapl = Manifest.parse(first.get("provider=alpaca/date=2026-01-05/symbol=AAPL/_manifest.json"));
            assertThat(aapl.objects()).extracting(Manifest.Entry::receivedDay).contains("2026-01-05", "2026-01-06");
            assertThat(aapl.objects().stream().mapToLong(Manifest.Entry::events).sum()).isEqualTo(3); // e1, e3, e6

            db.execute("DELETE FROM archived_days");
            List<Archiver.DayResult> again = archive(store);
            assertThat(again).extracting(Archiver.DayResult::written).containsOnly(0);
            Map<String, byte[]> second = objects(store);
            assertThat(second.keySet()).isEqualTo(first.keySet());
            first.forEach((k, v) -> assertThat(second.get(k)).as(k).isEqualTo(v));

            ArchiveReader reader = new ArchiveReader(store, dir.resolve("tmp"));
            ArchiveReader.Result all = reader.read("alpaca", Set.of(), Instant.parse("2026-01-05T00:00:00Z"),
                    Instant.parse("2026-01-08T00:00:00Z"));
            assertThat(all.skipped()).isEmpty();
            assertThat(ids(all)).containsExactly("e4", "e2", "e3", "e1", "e5", "e6", "e7");
            ArchivedEvent e4 = all.events().get(0);
            assertThat(e4.symbols()).isEqualTo("AAPL,MSFT");
            assertThat(e4.raw().subject()).isNull();
            assertThat(e4.raw().receivedAt()).isEqualTo(Instant.parse("2026-01-05T14:00:06.5Z"));
            assertThat(all.events().get(3).raw().payload())
                    .isEqualTo(alpaca("AAPL", "2026-01-05T14:00:03Z").getBytes(StandardCharsets.UTF_8));
            assertThat(all.events().get(3).raw().ceSource()).isEqualTo("/providers/alpaca");

            assertThat(ids(reader.read("alpaca", Set.of("MSFT"), null, null))).containsExactly("e4", "e2");
            assertThat(ids(reader.read("alpaca", Set.of(), Instant.parse("2026-01-05T14:00:01.5Z"),
                    Instant.parse("2026-01-05T14:00:03.5Z")))).containsExactly("e3", "e1");
            assertThat(reader.read("polygon", Set.of(), null, null).events()).isEmpty();
        }
    }

    @Test
    void corruptAndForeignFilesAreSkippedByName() throws Exception {
        try (ObjectStore store = ObjectStores.open(s3.uri("run2"), Map.of())) {
            archive(store);
            String victim = store.list("provider=alpaca/date=2026-01-05/symbol=MSFT/").stream()
                    .filter(k -> k.endsWith(".parquet")).findFirst().orElseThrow();
            byte[] bytes = store.get(victim).orElseThrow();
            store.put(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // truncated
            String notes = "provider=alpaca/date=2026-01-05/symbol=AAPL/notes.txt";
            store.put(notes, "not data".getBytes(StandardCharsets.UTF_8));
            String garbage = "provider=alpaca/date=2026-01-06/symbol=AAPL/part-zzz.parquet";
            store.put(garbage, "PAR1 but not really".getBytes(StandardCharsets.UTF_8));
            String stray = "provider=alpaca/README";
            store.put(stray, "hello".getBytes(StandardCharsets.UTF_8));

            ArchiveReader.Result r = new ArchiveReader(store, dir.resolve("tmp")).read("alpaca", Set.of(), null, null);
            assertThat(ids(r)).containsExactly("e4", "e3", "e1", "e5", "e6", "e7");
            assertThat(r.skipped()).extracting(ArchiveReader.Skipped::key)
                    .containsExactlyInAnyOrder(victim, notes, garbage, stray);
            assertThat(r.skipped()).filteredOn(s -> s.key().equals(victim)).singleElement()
                    .satisfies(s -> assertThat(s.reason()).contains("corrupt", "SHA-256"));
            assertThat(r.skipped()).filteredOn(s -> s.key().equals(garbage)).singleElement()
                    .satisfies(s -> assertThat(s.reason()).contains("not readable as Parquet"));
        }
    }

    @Test
    void anUnreachableStoreLosesNothingAndTheNextPassArchivesAll() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        List<String> log = new ArrayList<>();
        ArchiverStats stats = new ArchiverStats();
        List<Duration> waits = new ArrayList<>();
        ArchiveLoop loop = new ArchiveLoop(stats, log::add, () -> 0L, waits::add);
        try (ObjectStore down = ObjectStores.open("s3://archive/run3?endpoint=http://127.0.0.1:" + closedPort, Map.of())) {
            assertThatThrownBy(() -> archive(down)).isInstanceOf(ObjectStore.UnreachableStoreException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort);
            long failed = loop.run(() -> archive(down), Duration.ofMinutes(1), 3, () -> { });
            assertThat(failed).isEqualTo(3);
        }
        assertThat(stats.failures()).isEqualTo(3);
        assertThat(stats.prometheus()).contains("marketfn_archive_failures_total 3");
        assertThat(log).hasSize(3).allMatch(l -> l.contains("archive pass failed") && l.contains("Connection refused"));
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(db.count("SELECT count(*) FROM archived_days")).isZero();
        assertThat(db.count("SELECT count(*) FROM raw_events")).isEqualTo(8);

        try (ObjectStore up = ObjectStores.open(s3.uri("run3"), Map.of())) {
            assertThat(loop.run(() -> archive(up), Duration.ofMinutes(1), 1, () -> { })).isZero();
            assertThat(db.count("SELECT sum(raw_events) FROM archived_days")).isEqualTo(7);
            assertThat(new ArchiveReader(up, dir.resolve("tmp")).read("alpaca", Set.of(), null, null).events()).hasSize(7);
        }
    }

    static List<String> ids(ArchiveReader.Result r) {
        return r.events().stream().map(e -> e.raw().eventId()).toList();
    }
}
