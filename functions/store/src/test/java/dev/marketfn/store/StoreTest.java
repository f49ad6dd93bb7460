package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.Quality;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against real PostgreSQL (embedded binaries): migrations, idempotent upserts, the exact bar merge. */
class StoreTest {
    static TestDatabase db;
    static Pool pool;
    static SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        pool = db.pool;
        assertThat(db.applied)
                .containsExactlyElementsOf(Migrations.listed());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void migrationsApplyOnce() {
        assertThat(Migrations.apply(pool).await().indefinitely()).isEmpty();
        long tables = pool.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
                .execute().await().indefinitely().iterator().next().getLong(0);
        assertThat(tables).isGreaterThanOrEqualTo(14);
    }

    @Test
    void rejectionQuotingANulCharacterIsStoredNotRetriedForever() {
        RejectedRepository rejected = new RejectedRepository(pool, registry);
        rejected.insert(new RejectedRepository.Rejected("nul-1", "normalize", "INVALID_VALUE", "data.S",
                "symbol 'AA\u0000PL' is not canonical", "id\u0000", "dev.marketfn.raw.v1", new byte[] {0, 1}))
                .await().atMost(Duration.ofSeconds(10));
        var row = pool.query("SELECT detail, input_id, payload FROM rejected_events WHERE rejection_id = 'nul-1'")
                .execute().await().indefinitely().iterator().next();
        assertThat(row.getString("detail")).isEqualTo("symbol 'AA\\u0000PL' is not canonical");
        assertThat(row.getString("input_id")).isEqualTo("id\\u0000");
        assertThat(row.getBuffer("payload").getBytes()).containsExactly(0, 1);
    }

    @Test
    void tickUpsertIsIdempotentAndUpdatesChangedValues() {
        TickRepository ticks = new TickRepository(pool, registry);
        CanonicalRecord r = CanonicalRecord.builder().kind(Kind.TRADE).provider("alpaca").symbol("IDEM")
                .ts(Instant.parse("2024-03-01T14:30:00.123456Z")).seq(1).price(new BigDecimal("185.12000000"))
                .size(new BigDecimal("100")).rawEventId("raw-1").build();
        assertThat(ticks.upsert(List.of(r), "normalize@test").await().indefinitely()).isEqualTo(1);
        assertThat(ticks.upsert(List.of(r), "normalize@test").await().indefinitely()).isZero();
        CanonicalRecord checked = r.withQuality(Quality.of(1, 1, 1, 1, List.of()));
        assertThat(ticks.upsert(List.of(checked), "quality-check@test").await().indefinitely()).isEqualTo(1);
        // a replayed normalized record must not wipe the quality added later
        assertThat(ticks.upsert(List.of(r), "normalize@test").await().indefinitely()).isZero();
        var row = pool.query("SELECT count(*), max(price)::text, max(quality::text) FROM ticks WHERE symbol = 'IDEM'")
                .execute().await().indefinitely().iterator().next();
        assertThat(row.getLong(0)).isEqualTo(1);
        assertThat(row.getString(1)).isEqualTo("185.12");
        assertThat(row.getString(2)).contains("\"score\"");
    }

    @Test
    void tickUpsertOfARunStoresEveryColumnAndTheFirstOfARepeatedEventId() {
        TickRepository ticks = new TickRepository(pool, registry);
        CanonicalRecord trade = CanonicalRecord.builder().kind(Kind.TRADE).provider("alpaca").symbol("RUN")
                .ts(Instant.parse("2024-03-01T14:30:00.5Z")).seq(7).price(new BigDecimal("10.5"))
                .size(new BigDecimal("3")).conditions(List.of("@", "F")).exchange("V").rawEventId("raw-run").build();
        CanonicalRecord quote = CanonicalRecord.builder().kind(Kind.QUOTE).provider("alpaca").symbol("RUN")
                .ts(Instant.parse("2024-03-01T14:30:00.6Z")).seq(8).bid(new BigDecimal("10.4"))
                .ask(new BigDecimal("10.6")).bidSize(new BigDecimal("2")).askSize(new BigDecimal("1"))
                .rawEventId("raw-run").build();
        // the same trade again later in the list, now with a quality: the first occurrence is what counts
        CanonicalRecord again = trade.withQuality(Quality.of(1, 1, 1, 1, List.of()));
        assertThat(ticks.upsert(List.of(trade, quote, again), "normalize@test").await().indefinitely()).isEqualTo(2);
        var rows = pool.query("""
                SELECT kind, price::text, size::text, bid::text, ask::text, bid_size::text, ask_size::text,
                    array_to_string(conditions, ','), exchange, quality IS NULL, seq, produced_by
                FROM ticks WHERE symbol = 'RUN' ORDER BY seq""").execute().await().indefinitely();
        List<String> got = new ArrayList<>();
        rows.forEach(row -> {
            List<String> cols = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                cols.add(String.valueOf(row.getValue(i)));
            }
            got.add(String.join("|", cols));
        });
        assertThat(got).containsExactly(
                "trade|10.5|3|null|null|null|null|@,F|V|true|7|normalize@test",
                "quote|null|null|10.4|10.6|2|1||null|true|8|normalize@test");
    }

    @Test
    void barMergeIsExactWhateverTheOrderAndRedelivery() {
        BarRepository bars = new BarRepository(pool, registry);
        Instant bar = Instant.parse("2024-03-01T14:30:00Z");
        List<BarRepository.TradeInWindow> trades = new ArrayList<>();
        Random random = new Random(7);
        BigDecimal volume = BigDecimal.ZERO;
        for (int i = 0; i < 200; i++) {
            BigDecimal price = new BigDecimal(100 + random.nextInt(500)).movePointLeft(2).add(new BigDecimal("180"));
            BigDecimal size = new BigDecimal(1 + random.nextInt(300));
            boolean eligible = i % 17 != 0;
            trades.add(new BarRepository.TradeInWindow("t" + i, "p", "MERGE", bar, bar.plusSeconds(60),
                    bar.plusMillis(i * 250L), i, price, size, eligible));
            volume = volume.add(size);
        }
        List<BarRepository.TradeInWindow> shuffled = new ArrayList<>(trades);
        Collections.shuffle(shuffled, random);
        // delivered in three overlapping, disordered batches, the first holding some trades twice (an event produced
        // again after a broker restart can sit twice in one poll): every trade must count exactly once
        List<BarRepository.TradeInWindow> first = new ArrayList<>(shuffled.subList(0, 120));
        first.addAll(shuffled.subList(100, 120));
        assertThat(bars.merge(pool, "1m", first).await().indefinitely().counted()).isEqualTo(120);
        bars.merge(pool, "1m", shuffled.subList(80, 200)).await().indefinitely();
        var replay = bars.merge(pool, "1m", shuffled).await().indefinitely();
        assertThat(replay.counted()).isZero();

        var stored = bars.bars("p", "MERGE", "1m").await().indefinitely();
        assertThat(stored).hasSize(1);
        var b = stored.get(0);
        var eligibleTrades = trades.stream().filter(BarRepository.TradeInWindow::eligible).toList();
        assertThat(b.open()).isEqualByComparingTo(eligibleTrades.get(0).price());
        assertThat(b.close()).isEqualByComparingTo(eligibleTrades.get(eligibleTrades.size() - 1).price());
        assertThat(b.high()).isEqualByComparingTo(eligibleTrades.stream().map(BarRepository.TradeInWindow::price)
                .max(BigDecimal::compareTo).orElseThrow());
        assertThat(b.volume()).isEqualByComparingTo(volume);
        assertThat(b.tradeCount()).isEqualTo(200);
    }

    @Test
    void lateTradesReviseTheEmittedBarAndAreRecorded() {
        BarRepository bars = new BarRepository(pool, registry);
        StateRepository states = new StateRepository(pool, registry);
        Instant bar = Instant.parse("2024-03-01T15:00:00Z");
        var t1 = new BarRepository.TradeInWindow("late-1", "p", "LATE", bar, bar.plusSeconds(60), bar.plusSeconds(1),
                1, new BigDecimal("10"), BigDecimal.ONE, true);
        bars.merge(pool, "1m", List.of(t1)).await().indefinitely();
        List<BarRepository.StoredBar> closed = states.update("indicator", "p|LATE|1m", (conn, state) ->
                bars.closeReady(conn, "p", List.<String[]>of(new String[] {"LATE", "1m"}), bar.plusSeconds(61), null)
                        .map(bySeries -> new StateRepository.Updated<>("{\"n\":1}", bySeries.get("LATE|1m")))).await().indefinitely();
        assertThat(closed).hasSize(1);
        var t2 = new BarRepository.TradeInWindow("late-2", "p", "LATE", bar, bar.plusSeconds(60), bar.plusSeconds(59),
                2, new BigDecimal("11"), BigDecimal.ONE, true);
        assertThat(bars.merge(pool, "1m", List.of(t2)).await().indefinitely()).isEqualTo(new BarRepository.MergeResult(1, 1));
        var stored = bars.bars("p", "LATE", "1m").await().indefinitely().get(0);
        assertThat(stored.revised()).isTrue();
        assertThat(stored.close()).isEqualByComparingTo("11");
        assertThat(stored.vwap()).isEqualByComparingTo("10.5");
    }
}
