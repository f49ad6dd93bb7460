package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.actions.ActionValidation;
import dev.marketfn.actions.ActionVersion;
import dev.marketfn.actions.AdjustmentMode;
import dev.marketfn.actions.Adjuster;
import dev.marketfn.actions.CorporateActions;
import dev.marketfn.actions.FactorTimeline;
import dev.marketfn.actions.Fraction;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.CorporateActionApplied;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.RejectReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code adjusted_bars} (migration V002) against real PostgreSQL, with fixtures written through the real write path:
 * bars by {@link BarRepository#upsertGiven}, announcements the way the corporate-action function stores them
 * (previous close from {@link BarRepository#lastCloseBefore}, factors from {@link CorporateActions#applied},
 * {@link ActionRepository#store}). Prices are public closes unless a comment says otherwise; the numbers asserted for
 * AAPL are the ones in docs/corporate-actions.md.
 */
class AdjustedBarsTest {
    static final ZoneId NY = ZoneId.of("America/New_York");

    static TestDatabase db;
    static Pool pool;
    static BarRepository bars;
    static ActionRepository actions;
    static ResearchRepository research;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        pool = db.pool;
        assertThat(db.applied)
                .contains("V001__schema.sql", "V002__adjusted_bars.sql");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        bars = new BarRepository(pool, registry);
        actions = new ActionRepository(pool, registry);
        research = new ResearchRepository(pool);

        // AAPL: 7:1 ex 2014-06-09 (announced with Q2 FY14 results 2014-04-23); 0.82 dividend ex 2020-08-07 and 4:1
        // split ex 2020-08-31 (both announced with Q3 FY20 results, 2020-07-30 after the close)
        upsert(bar("AAPL", "2014-06-06", "649.90", "651.26", "644.47", "645.57", "12497800"),
                bar("AAPL", "2020-08-06", "441.62", "457.65", "439.19", "455.61", "50607200"),
                bar("AAPL", "2020-08-07", "452.82", "454.70", "441.17", "444.45", "49511400"),
                bar("AAPL", "2020-08-28", "504.05", "505.77", "498.31", "499.23", "46907479"),
                bar("AAPL", "2020-08-31", "127.58", "131.00", "126.00", "129.04", "225702700"));
        announce(split("AAPL-2014-split", "AAPL", "7", "2014-06-09", "2014-04-23T20:30:00Z"));
        announce(dividend("AAPL-2020-08-div", "AAPL", "0.82", "2020-08-07", "2020-07-30T20:30:00Z"));
        announce(split("AAPL-2020-split", "AAPL", "4", "2020-08-31", "2020-07-30T20:30:00Z"));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    // ---- AAPL 2020: split and total return (docs/corporate-actions.md, worked example and SQL example) ----

    @Test
    void aapl4For1SplitAsABacktestOn20200915SawIt() {
        List<ResearchRepository.AdjustedBar> rows = research.adjustedBars("AAPL", "1d", at("2020-09-15T00:00:00Z"),
                "split", at("2020-08-27T00:00:00Z"), at("2020-09-02T00:00:00Z")).await().indefinitely();
        assertThat(rows).extracting(ResearchRepository.AdjustedBar::ts)
                .containsExactly(day("2020-08-28"), day("2020-08-31"));
        ResearchRepository.AdjustedBar pre = rows.get(0);
        assertThat(pre.close()).isEqualTo(d("124.8075")); // 499.23 × 1/4, exact
        assertThat(pre.open()).isEqualTo(d("126.0125"));
        assertThat(pre.high()).isEqualTo(d("126.4425"));
        assertThat(pre.low()).isEqualTo(d("124.5775"));
        assertThat(pre.volume()).isEqualTo(d("187629916")); // 46907479 × 4: volume_factor, not the price factor
        assertThat(pre.priceFactor()).isEqualTo(d("0.25"));
        assertThat(pre.volumeFactor()).isEqualTo(d("4"));
        assertThat(pre.actionIds()).containsExactly("AAPL-2020-split");
        assertThat(pre.symbol()).isEqualTo("AAPL");
        assertThat(pre.recordedSymbol()).isEqualTo("AAPL");
        assertThat(pre.provider()).isEqualTo("polygon");
        assertThat(pre.interval()).isEqualTo("1d");
        ResearchRepository.AdjustedBar post = rows.get(1);
        assertThat(post.close()).isEqualTo(d("129.04"));
        assertThat(post.volume()).isEqualTo(d("225702700"));
        assertThat(post.priceFactor()).isEqualTo(d("1"));
        assertThat(post.volumeFactor()).isEqualTo(d("1"));
        assertThat(post.actionIds()).isEmpty();
    }

    @Test
    void aaplDividendCountsInTotalReturnOnly() {
        Instant asOf = at("2020-09-15T00:00:00Z");
        var split = byDate(research.adjustedBars("AAPL", "1d", asOf, "split").await().indefinitely());
        var total = byDate(research.adjustedBars("AAPL", "1d", asOf, "total_return").await().indefinitely());
        // 2020-08-06, last close before the ex-date, C = 455.61: split 455.61/4; total_return also × (C − 0.82)/C
        assertThat(split.get("2020-08-06").close()).isEqualTo(d("113.9025"));
        assertThat(split.get("2020-08-06").actionIds()).containsExactly("AAPL-2020-split");
        assertThat(total.get("2020-08-06").close()).isEqualTo(d("113.6975")); // 454.79 / 4: C cancels, exact
        assertThat(total.get("2020-08-06").priceFactor()).isEqualTo(d("0.24955005377406114879")); // 454.79/1822.44
        assertThat(total.get("2020-08-06").volume()).isEqualTo(split.get("2020-08-06").volume());
        assertThat(total.get("2020-08-06").volumeFactor()).isEqualTo(d("4"));
        assertThat(total.get("2020-08-06").actionIds()).containsExactly("AAPL-2020-08-div", "AAPL-2020-split");
        // the ex-date itself already trades without the dividend
        assertThat(total.get("2020-08-07").close()).isEqualTo(d("111.1125"));
        assertThat(total.get("2020-08-07").actionIds()).containsExactly("AAPL-2020-split");
        assertThat(total.get("2020-08-28").close()).isEqualTo(d("124.8075"));
        assertThat(total.get("2020-08-31").close()).isEqualTo(d("129.04"));
        // the stored dividend factor was priced against the stored 2020-08-06 close by the real write path
        Row f = pool.query("SELECT prev_close::text, price_factor::text FROM adjustment_factors "
                + "WHERE action_id = 'AAPL-2020-08-div'").execute().await().indefinitely().iterator().next();
        assertThat(f.getString(0)).isEqualTo("455.61");
        assertThat(f.getString(1)).isEqualTo("0.99820021509624459516");
    }

    @Test
    void rawModeReturnsTheBarsAsStored() {
        var raw = byDate(research.adjustedBars("AAPL", "1d", at("2025-01-02T00:00:00Z"), "raw").await()
                .indefinitely());
        assertThat(raw).hasSize(5);
        var b = raw.get("2020-08-28");
        assertThat(List.of(b.open(), b.high(), b.low(), b.close(), b.volume()))
                .containsExactly(d("504.05"), d("505.77"), d("498.31"), d("499.23"), d("46907479"));
        assertThat(b.vwap()).isNull();
        assertThat(b.tradeCount()).isZero();
        assertThat(b.priceFactor()).isEqualTo(d("1"));
        assertThat(b.actionIds()).isEmpty();
        assertThat(raw.get("2014-06-06").close()).isEqualTo(d("645.57"));
        // as Adjuster does in every mode, values are normalized (trailing zeros stripped): 131.00 → 131
        assertThat(raw.get("2020-08-31").high()).isEqualTo(d("131"));
    }

    @Test
    void aapl7For1SplitIsRoundedOnceAndCombinedExactlyWithThe2020Split() {
        var then = byDate(research.adjustedBars("AAPL", "1d", at("2020-01-02T00:00:00Z"), "split").await()
                .indefinitely());
        assertThat(then.keySet()).containsExactly("2014-06-06"); // nothing after as_of
        assertThat(then.get("2014-06-06").close()).isEqualTo(d("92.224285714285714286")); // 645.57 / 7
        assertThat(then.get("2014-06-06").priceFactor()).isEqualTo(d("0.14285714285714285714"));
        assertThat(then.get("2014-06-06").volume()).isEqualTo(d("87484600"));
        var now = byDate(research.adjustedBars("AAPL", "1d", at("2025-01-02T00:00:00Z"), "split").await()
                .indefinitely());
        // 645.57 / 28 rounded once, not the stored 1/7 factor (0.142857…14) times 1/4 rounded again
        assertThat(now.get("2014-06-06").close()).isEqualTo(d("23.056071428571428571"));
        assertThat(now.get("2014-06-06").actionIds()).containsExactly("AAPL-2014-split", "AAPL-2020-split");
        assertThat(now.get("2014-06-06").volume()).isEqualTo(d("349938400"));
    }

    @Test
    void beforeTheAnnouncementEverythingIsAsTraded() {
        // 2020-07-29: the 2020 actions are unknown and no August bar exists yet; 2014 is adjusted for the 7:1 only
        var rows = research.adjustedBars("AAPL", "1d", at("2020-07-29T00:00:00Z"), "total_return").await()
                .indefinitely();
        assertThat(rows).singleElement().satisfies(b -> {
            assertThat(b.close()).isEqualTo(d("92.224285714285714286"));
            assertThat(b.actionIds()).containsExactly("AAPL-2014-split");
        });
        // 2020-08-29: the split is known but not effective yet for a reader of that day: factors apply by ex-date,
        // whatever the as_of, so the 2020-08-28 bar is already in the post-split basis
        var fri = byDate(research.adjustedBars("AAPL", "1d", at("2020-08-29T00:00:00Z"), "split").await()
                .indefinitely());
        assertThat(fri.keySet()).containsExactly("2014-06-06", "2020-08-06", "2020-08-07", "2020-08-28");
        assertThat(fri.get("2020-08-28").close()).isEqualTo(d("124.8075"));
    }

    // ---- point in time: late knowledge and corrections ----

    @Test
    void actionKnownAfterItsExDateAppliesOnlyFromItsKnownAt() {
        // TSLA 5:1, ex 2020-08-31; here the vendor's message arrives two days late (the lateness is illustrative)
        upsert(bar("TSLA", "2020-08-28", "2295.00", "2318.49", "2186.52", "2213.40", "20081200"));
        announce(split("TSLA-2020-split", "TSLA", "5", "2020-08-31", "2020-09-02T12:00:00Z"));
        var before = research.adjustedBars("TSLA", "1d", at("2020-09-02T11:59:59Z"), "split").await().indefinitely();
        assertThat(before).singleElement().satisfies(b -> {
            assertThat(b.close()).isEqualTo(d("2213.4"));
            assertThat(b.volume()).isEqualTo(d("20081200"));
            assertThat(b.actionIds()).isEmpty();
        });
        var after = research.adjustedBars("TSLA", "1d", at("2020-09-02T12:00:00Z"), "split").await().indefinitely();
        assertThat(after).singleElement().satisfies(b -> {
            assertThat(b.close()).isEqualTo(d("442.68"));
            assertThat(b.open()).isEqualTo(d("459"));
            assertThat(b.volume()).isEqualTo(d("100406000"));
            assertThat(b.actionIds()).containsExactly("TSLA-2020-split");
        });
    }

    @Test
    void correctionIsSeenFromItsKnownAtAndEarlierReadsKeepTheFirstVersion() {
        // AMZN 20:1, ex 2022-06-06 (announced 2022-03-09); last pre-split close 2447.00, first post-split 124.79.
        // Illustrative vendor error: the first message says 10:1, corrected on Saturday 2022-06-04.
        upsert(closeOnly("AMZN", "2022-06-03", "2447.00"), closeOnly("AMZN", "2022-06-06", "124.79"));
        ActionRepository.Stored v1 = announce(split("AMZN-2022-split", "AMZN", "10", "2022-06-06",
                "2022-03-09T21:05:00Z"));
        ActionRepository.Stored v2 = announce(split("AMZN-2022-split", "AMZN", "20", "2022-06-06",
                "2022-06-04T14:00:00Z"));
        assertThat(v1).isEqualTo(new ActionRepository.Stored(1, true));
        assertThat(v2).isEqualTo(new ActionRepository.Stored(2, true));

        var sawV1 = research.adjustedBars("AMZN", "1d", at("2022-06-04T13:59:59Z"), "split").await().indefinitely();
        assertThat(sawV1).singleElement().satisfies(b -> {
            assertThat(b.close()).isEqualTo(d("244.7"));
            assertThat(b.priceFactor()).isEqualTo(d("0.1"));
        });
        var sawV2 = byDate(research.adjustedBars("AMZN", "1d", at("2022-06-07T00:00:00Z"), "split").await()
                .indefinitely());
        assertThat(sawV2.get("2022-06-03").close()).isEqualTo(d("122.35"));
        assertThat(sawV2.get("2022-06-03").priceFactor()).isEqualTo(d("0.05"));
        assertThat(sawV2.get("2022-06-03").actionIds()).containsExactly("AMZN-2022-split");
        assertThat(sawV2.get("2022-06-06").close()).isEqualTo(d("124.79"));
        assertThat(sawV2.get("2022-06-03").volume()).isEqualTo(d("0")); // only the close is part of this fixture
        assertThat(sawV2.get("2022-06-03").open()).isNull();

        // replaying the corrected announcement (a redelivery, received later) changes nothing
        ActionRepository.Stored replay = announce(split("AMZN-2022-split", "AMZN", "20", "2022-06-06",
                "2022-06-10T09:00:00Z"));
        assertThat(replay).isEqualTo(new ActionRepository.Stored(2, false));
        assertThat(research.adjustedBars("AMZN", "1d", at("2022-06-07T00:00:00Z"), "split").await().indefinitely())
                .isEqualTo(List.copyOf(sawV2.values()));
        assertThat(pool.query("SELECT count(*) FROM corporate_actions WHERE action_id = 'AMZN-2022-split'").execute()
                .await().indefinitely().iterator().next().getLong(0)).isEqualTo(2);
    }

    // ---- reverse split ----

    @Test
    void citigroup1For10ReverseSplit() {
        // Citigroup 1-for-10, announced 2011-03-21 before the open, split-adjusted trading from 2011-05-09; the last
        // pre-split close 4.52 is 45.20 in the new basis. The volume is illustrative.
        upsert(bar("C", "2011-05-06", null, null, null, "4.52", "350000000"));
        announce(split("C-2011-rsplit", "C", "0.1", "2011-05-09", "2011-03-21T11:00:00Z"));
        var rows = research.adjustedBars("C", "1d", at("2011-06-01T00:00:00Z"), "split").await().indefinitely();
        assertThat(rows).singleElement().satisfies(b -> {
            assertThat(b.close()).isEqualTo(d("45.2"));
            assertThat(b.volume()).isEqualTo(d("35000000"));
            assertThat(b.priceFactor()).isEqualTo(d("10"));
            assertThat(b.volumeFactor()).isEqualTo(d("0.1"));
            assertThat(b.actionIds()).containsExactly("C-2011-rsplit");
            assertThat(b.open()).isNull();
        });
        var stored = pool.query("SELECT type, price_factor::text, volume_factor::text FROM adjustment_factors "
                + "WHERE action_id = 'C-2011-rsplit'").execute().await().indefinitely().iterator().next();
        assertThat(stored.getString(0)).isEqualTo("reverse_split");
        assertThat(stored.getString(1)).isEqualTo("10");
        assertThat(stored.getString(2)).isEqualTo("0.1");
    }

    // ---- symbol change ----

    @Test
    void historyOfFbContinuesUnderMeta() {
        // FB became META before the open of 2022-06-09 (announced 2022-05-31). Until January 2022 the ticker META
        // belonged to Roundhill's metaverse ETF: a bar stored under META then must not join Meta's history.
        // Closes: FB 2022-06-08 196.64, META 2022-06-09 184.00, META 2024-02-20 471.75; the ETF close is illustrative.
        upsert(closeOnly("META", "2021-12-01", "15.71"), closeOnly("FB", "2022-06-08", "196.64"),
                closeOnly("META", "2022-06-09", "184.00"), closeOnly("META", "2024-02-20", "471.75"));
        announce(new CorporateActionAnnounced("FB-META-2022", "FB", CorporateActionAnnounced.SYMBOL_CHANGE, null, null,
                null, LocalDate.parse("2022-06-09"), null, null, "META", at("2022-05-31T20:05:00Z")));

        var meta = research.adjustedBars("META", "1d", at("2022-06-10T00:00:00Z"), "split").await().indefinitely();
        assertThat(meta).extracting(b -> b.ts(), b -> b.symbol(), b -> b.recordedSymbol(), b -> b.close())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(day("2022-06-08"), "META", "FB", d("196.64")),
                        org.assertj.core.groups.Tuple.tuple(day("2022-06-09"), "META", "META", d("184")));
        assertThat(meta.get(0).actionIds()).isEmpty(); // a symbol change has no factor

        // before the change was known, META was only what had been stored under META
        var early = research.adjustedBars("META", "1d", at("2022-05-31T00:00:00Z"), "split").await().indefinitely();
        assertThat(early).extracting(ResearchRepository.AdjustedBar::recordedSymbol).containsExactly("META");
        assertThat(early).extracting(ResearchRepository.AdjustedBar::ts).containsExactly(day("2021-12-01"));

        // the retired symbol keeps its own rows
        assertThat(research.adjustedBars("FB", "1d", at("2022-06-10T00:00:00Z"), "split").await().indefinitely())
                .extracting(ResearchRepository.AdjustedBar::recordedSymbol).containsExactly("FB");

        // META's first dividend (0.50, ex 2024-02-21, declared 2024-02-01) reaches back into the FB years; an action
        // of the ETF that held the ticker before (illustrative) does not
        announce(dividend("META-2024-02-div", "META", "0.50", "2024-02-21", "2024-02-01T21:05:00Z"));
        announce(dividend("META-ETF-2021-12-div", "META", "0.05", "2021-12-20", "2021-12-10T21:00:00Z"));
        var total = research.adjustedBars("META", "1d", at("2024-03-01T00:00:00Z"), "total_return").await()
                .indefinitely();
        BigDecimal fbAdjusted = d("196.64").multiply(d("471.25")).divide(d("471.75"), Fraction.MC)
                .stripTrailingZeros();
        assertThat(total).filteredOn(b -> b.recordedSymbol().equals("FB")).singleElement().satisfies(b -> {
            assertThat(b.symbol()).isEqualTo("META");
            assertThat(b.close()).isEqualTo(fbAdjusted);
            assertThat(b.actionIds()).containsExactly("META-2024-02-div");
        });
        assertThat(total).extracting(ResearchRepository.AdjustedBar::recordedSymbol)
                .containsExactly("FB", "META", "META");
    }

    // ---- arguments ----

    @Test
    void modeDefaultsToSplitAndBadArgumentsNameTheArgument() {
        Instant asOf = at("2020-09-15T00:00:00Z");
        assertThat(research.adjustedBars("AAPL", "1d", asOf, null).await().indefinitely())
                .isEqualTo(research.adjustedBars("AAPL", "1d", asOf, "split").await().indefinitely());
        assertThatThrownBy(() -> research.adjustedBars("AAPL", "1d", asOf, "dividend").await().indefinitely())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("mode");
                    assertThat(e.reason()).isEqualTo(RejectReason.INVALID_VALUE);
                    assertThat(e.detail()).contains("'dividend' is not one of raw, split, total_return");
                });
        // rejected even when there is nothing to read
        assertThatThrownBy(() -> research.adjustedBars("NONE", "1d", asOf, "adjusted").await().indefinitely())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("mode"));
        assertThatThrownBy(() -> research.adjustedBars("AAPL", "1d", null, "split").await().indefinitely())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("as_of"));
        assertThatThrownBy(() -> pool.query("SELECT * FROM adjusted_bars('AAPL', '1d', NULL, 'split')").execute()
                .await().indefinitely()).hasMessageContaining("as_of is required");
        assertThat(research.adjustedBars("AAPL", "1m", asOf, "split").await().indefinitely()).isEmpty();
    }

    // ---- the SQL function and the Java domain code agree exactly ----

    @Test
    void sqlAgreesWithTheJavaAdjusterForEveryBarModeAndAsOf() {
        List<String> asOfs = List.of("2014-04-23T20:29:59Z", "2014-04-23T20:30:00Z", "2020-07-30T20:29:59Z",
                "2020-07-30T20:30:00Z", "2020-08-07T04:00:00Z", "2020-08-29T00:00:00Z", "2020-09-15T00:00:00Z",
                "2025-01-02T00:00:00Z");
        int compared = 0;
        for (String asOfText : asOfs) {
            Instant asOf = at(asOfText);
            FactorTimeline timeline = FactorTimeline.of(actions.versions("AAPL").await().indefinitely().stream()
                    .map(v -> ActionVersion.of(v.action(), v.prevClose())).toList());
            List<BarRepository.StoredBar> stored = bars.bars("polygon", "AAPL", "1d").await().indefinitely().stream()
                    .filter(b -> !b.ts().isAfter(asOf)).toList();
            for (AdjustmentMode mode : AdjustmentMode.values()) {
                List<ResearchRepository.AdjustedBar> sql = research.adjustedBars("AAPL", "1d", asOf, mode.wire())
                        .await().indefinitely();
                assertThat(sql).hasSameSizeAs(stored);
                for (int i = 0; i < stored.size(); i++) {
                    CanonicalRecord java = Adjuster.adjust(record(stored.get(i)), timeline, mode, asOf, NY);
                    ResearchRepository.AdjustedBar s = sql.get(i);
                    String where = mode.wire() + " as of " + asOfText + " bar " + java.ts();
                    assertThat(s.ts()).as(where).isEqualTo(java.ts());
                    assertThat(List.of(s.open(), s.high(), s.low(), s.close(), s.volume())).as(where)
                            .isEqualTo(List.of(java.open(), java.high(), java.low(), java.close(), java.volume()));
                    assertThat(s.priceFactor()).as(where).isEqualTo(java.adjustment().factor());
                    assertThat(s.volumeFactor()).as(where).isEqualTo(java.adjustment().volumeFactor());
                    assertThat(s.actionIds()).as(where).isEqualTo(java.adjustment().actions());
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(57); // 19 (bar, as_of) pairs × 3 modes
    }

    /** fraction_apply is Fraction.applyTo: value × num/den rounded once to 20 significant digits, HALF_EVEN. */
    @Test
    void fractionApplyRoundsExactlyLikeFraction() {
        Random random = new Random(20200831);
        List<BigDecimal> values = new ArrayList<>(), nums = new ArrayList<>(), dens = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            BigDecimal v;
            BigDecimal n;
            BigDecimal den;
            switch (i % 4) {
                case 0 -> { // ties: 21 significant digits ending in 5, factor 1 (or an exact power of two)
                    v = new BigDecimal(new BigInteger(66, random).multiply(BigInteger.TEN).add(BigInteger.valueOf(5)),
                            random.nextInt(30));
                    n = BigDecimal.ONE;
                    den = i % 8 == 0 ? BigDecimal.ONE : new BigDecimal("0.5");
                }
                case 1 -> { // prices × split and dividend factors
                    v = new BigDecimal(BigInteger.valueOf(1 + random.nextInt(1_000_000)), random.nextInt(5));
                    n = new BigDecimal(BigInteger.valueOf(1 + random.nextInt(100_000)), 2);
                    den = n.add(new BigDecimal(BigInteger.valueOf(1 + random.nextInt(500)), 2));
                }
                case 2 -> { // anything: large and tiny magnitudes, negative values
                    v = new BigDecimal(new BigInteger(1 + random.nextInt(120), random), random.nextInt(60) - 20);
                    if (random.nextBoolean()) {
                        v = v.negate();
                    }
                    n = new BigDecimal(new BigInteger(1 + random.nextInt(60), random).add(BigInteger.ONE),
                            random.nextInt(20) - 5);
                    den = new BigDecimal(new BigInteger(1 + random.nextInt(60), random).add(BigInteger.ONE),
                            random.nextInt(20) - 5);
                }
                default -> { // products of several ratios, as for multiple actions
                    v = new BigDecimal(BigInteger.valueOf(random.nextInt(10_000_000)), random.nextInt(8));
                    n = BigDecimal.ONE;
                    den = BigDecimal.ONE;
                    for (int k = random.nextInt(4); k >= 0; k--) {
                        n = n.multiply(BigDecimal.valueOf(1 + random.nextInt(20)));
                        den = den.multiply(BigDecimal.valueOf(1 + random.nextInt(30)));
                    }
                }
            }
            values.add(v);
            nums.add(n);
            dens.add(den);
        }
        values.add(BigDecimal.ZERO);
        nums.add(BigDecimal.ONE);
        dens.add(new BigDecimal("3"));
        var rows = pool.preparedQuery("""
                SELECT fraction_apply(v, n, d) FROM unnest($1::numeric[], $2::numeric[], $3::numeric[])
                    WITH ORDINALITY AS t(v, n, d, i) ORDER BY i""")
                .execute(Tuple.of(values.toArray(BigDecimal[]::new), nums.toArray(BigDecimal[]::new),
                        dens.toArray(BigDecimal[]::new)))
                .await().indefinitely();
        int i = 0;
        for (Row r : rows) {
            BigDecimal expected = Fraction.ratioOf(nums.get(i), dens.get(i)).applyTo(values.get(i));
            assertThat(r.getBigDecimal(0)).as("%s × %s / %s", values.get(i).toPlainString(),
                    nums.get(i).toPlainString(), dens.get(i).toPlainString()).isEqualTo(expected);
            i++;
        }
        assertThat(i).isEqualTo(values.size());
    }

    // ---- fixtures ----

    /** What the corporate-action function does with an announcement (CorporateActionHandlers.announce). */
    static ActionRepository.Stored announce(CorporateActionAnnounced announced) {
        ActionValidation.validate(announced);
        BigDecimal prevClose = CorporateActionAnnounced.CASH_DIVIDEND.equals(announced.type())
                ? bars.lastCloseBefore(announced.symbol(), announced.exDate().atStartOfDay(NY).toInstant()).await()
                        .indefinitely()
                : null;
        CorporateActionApplied applied = CorporateActions.applied(announced, prevClose);
        return actions.store(announced, prevClose, applied.priceAdjustmentFactor(), applied.volumeAdjustmentFactor())
                .await().indefinitely();
    }

    static CorporateActionAnnounced split(String id, String symbol, String ratio, String exDate, String knownAt) {
        String type = d(ratio).compareTo(BigDecimal.ONE) < 0 ? CorporateActionAnnounced.REVERSE_SPLIT
                : CorporateActionAnnounced.SPLIT;
        return new CorporateActionAnnounced(id, symbol, type, d(ratio), null, null, LocalDate.parse(exDate), null,
                null, null, at(knownAt));
    }

    static CorporateActionAnnounced dividend(String id, String symbol, String amount, String exDate, String knownAt) {
        return new CorporateActionAnnounced(id, symbol, CorporateActionAnnounced.CASH_DIVIDEND, null, d(amount), "USD",
                LocalDate.parse(exDate), null, null, null, at(knownAt));
    }

    /** A daily bar as Polygon stamps it: 00:00 New York of its trading date. */
    static BarRepository.StoredBar bar(String symbol, String date, String o, String h, String l, String c, String v) {
        return new BarRepository.StoredBar("polygon", symbol, "1d", day(date), day(LocalDate.parse(date).plusDays(1)
                .toString()), d(o), d(h), d(l), d(c), d(v), null, 0, false);
    }

    /** A daily bar of which only the close is part of the fixture. */
    static BarRepository.StoredBar closeOnly(String symbol, String date, String close) {
        return bar(symbol, date, null, null, null, close, "0");
    }

    static void upsert(BarRepository.StoredBar... given) {
        bars.upsertGiven(pool, List.of(given)).await().indefinitely();
    }

    static CanonicalRecord record(BarRepository.StoredBar b) {
        return CanonicalRecord.builder().kind(Kind.BAR).provider(b.provider()).symbol(b.symbol()).interval(b.interval())
                .ts(b.ts()).seq(0).open(b.open()).high(b.high()).low(b.low()).close(b.close()).volume(b.volume())
                .vwap(b.vwap()).tradeCount(b.tradeCount()).build();
    }

    static java.util.LinkedHashMap<String, ResearchRepository.AdjustedBar> byDate(
            List<ResearchRepository.AdjustedBar> rows) {
        var out = new java.util.LinkedHashMap<String, ResearchRepository.AdjustedBar>();
        rows.forEach(b -> out.put(b.ts().atZone(NY).toLocalDate().toString(), b));
        assertThat(out).hasSameSizeAs(rows);
        return out;
    }

    static Instant day(String date) {
        return LocalDate.parse(date).atStartOfDay(NY).toInstant();
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    static BigDecimal d(String v) {
        return v == null ? null : new BigDecimal(v);
    }
}
