package dev.marketfn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties over many generated cases (a random seed per run, named in a failure so it can be replayed): exact
 * decimals survive the JSON round trip, ids are pure functions of their inputs. The bar merge's order independence is
 * BarAccumulatorMergeTest (domain/bars).
 */
class PropertiesTest {
    static final int CASES = 2000;
    final long seed = System.nanoTime();
    final Random random = new Random(seed);

    /** A decimal within the contract's range: up to 38 integer and 38 fraction digits, either sign. */
    BigDecimal decimal() {
        BigInteger integer = below(random.nextInt(39));
        int scale = random.nextInt(39);
        BigDecimal v = new BigDecimal(integer).add(new BigDecimal(below(scale), scale));
        return random.nextBoolean() ? v : v.negate();
    }

    /** Uniform in [0, 10^digits). */
    BigInteger below(int digits) {
        BigInteger bound = BigInteger.TEN.pow(digits);
        return new BigInteger(bound.bitLength() + 8, random).mod(bound);
    }

    @Test
    void decimalsSurviveTheJsonRoundTripExactly() {
        for (int i = 0; i < CASES; i++) {
            BigDecimal price = decimal();
            BigDecimal size = decimal().abs();
            CanonicalRecord r = CanonicalRecord.builder().kind(Kind.TRADE).provider("p").symbol("S")
                    .ts(Instant.ofEpochSecond(1_700_000_000L + i)).seq(i).price(price).size(size).build();
            CanonicalRecord back = Json.read(Json.bytes(r), CanonicalRecord.class, "record");
            String at = "seed " + seed + ", case " + i + ": " + price.toPlainString() + " / " + size.toPlainString();
            assertThat(back).as(at).isEqualTo(r);
            assertThat(back.price()).as(at).isEqualByComparingTo(price);
            assertThat(back.size()).as(at).isEqualByComparingTo(size);
            // the same value parsed from its text is the same decimal ("185.12000000" and "185.12" alike)
            assertThat(Decimals.parse(price.toPlainString())).as(at).isEqualTo(r.price());
        }
    }

    @Test
    void derivedIdsArePureFunctionsOfInputAndStep() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < CASES; i++) {
            String input = Long.toString(random.nextLong(), 36) + "-" + i;
            String step = "step" + random.nextInt(5);
            String id = EventIds.derive(input, step);
            assertThat(EventIds.derive(input, step)).as("seed " + seed).isEqualTo(id);
            assertThat(ids.add(input + "/" + step + "=" + id)).isTrue();
        }
        assertThat(ids.stream().map(s -> s.substring(s.indexOf('=') + 1)).distinct()).hasSize(CASES);
        // the separator keeps (input, step) pairs that concatenate alike apart
        assertThat(EventIds.derive("ab", "c")).isNotEqualTo(EventIds.derive("a", "bc"));
    }

    @Test
    void aRecordsIdDependsOnItsNaturalKeyAlone() {
        for (int i = 0; i < CASES; i++) {
            Instant ts = Instant.ofEpochSecond(1_600_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000) * 1000L);
            long seq = random.nextInt(1000);
            CanonicalRecord.Builder base = CanonicalRecord.builder().kind(Kind.TRADE).provider("alpaca").symbol("AAPL")
                    .ts(ts).seq(seq);
            String id = base.price(decimal()).build().eventId();
            CanonicalRecord other = base.price(decimal()).size(decimal().abs())
                    .ingestTs(Instant.ofEpochSecond(random.nextInt())).build();
            assertThat(other.eventId()).as("seed " + seed).isEqualTo(id)
                    .isEqualTo(EventIds.canonical("alpaca", "AAPL", ts, seq));
            assertThat(base.seq(seq + 1).build().eventId()).isNotEqualTo(id);
        }
    }
}
