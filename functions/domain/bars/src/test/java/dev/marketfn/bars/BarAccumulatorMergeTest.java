package dev.marketfn.bars;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** merge is associative and commutative with identity EMPTY: any partition, any grouping, same bar. */
class BarAccumulatorMergeTest {

    static List<TradeTick> trades(Random r, int n) {
        List<TradeTick> out = new ArrayList<>();
        Instant t0 = Instant.parse("2024-01-02T15:00:00Z");
        for (int i = 0; i < n; i++) {
            out.add(new TradeTick("e" + i, t0.plusMillis(r.nextInt(50)), r.nextInt(5),
                    BigDecimal.valueOf(10_000 + r.nextInt(300), 3), BigDecimal.valueOf(1 + r.nextInt(500)),
                    r.nextInt(4) != 0));
        }
        return out;
    }

    @RepeatedTest(20)
    void anyPartitionMergedInAnyOrderEqualsSequentialAdds() {
        Random r = new Random();
        List<TradeTick> trades = trades(r, 200);
        BarAccumulator sequential = BarAccumulator.EMPTY;
        for (TradeTick t : trades) {
            sequential = sequential.add(t);
        }
        Collections.shuffle(trades, r);
        int parts = 1 + r.nextInt(8);
        List<BarAccumulator> partials = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            partials.add(BarAccumulator.EMPTY);
        }
        for (TradeTick t : trades) {
            int p = r.nextInt(parts);
            partials.set(p, partials.get(p).add(t));
        }
        Collections.shuffle(partials, r);
        while (partials.size() > 1) { // random tree of merges
            int i = r.nextInt(partials.size() - 1);
            BarAccumulator a = partials.remove(i);
            BarAccumulator b = partials.remove(i);
            partials.add(r.nextInt(partials.size() + 1), r.nextBoolean() ? a.merge(b) : b.merge(a));
        }
        assertThat(partials.get(0)).isEqualTo(sequential);
        assertThat(partials.get(0).toBarValues()).isEqualTo(sequential.toBarValues());
    }

    @Test
    void emptyIsTheIdentity() {
        BarAccumulator one = BarAccumulator.of(trades(new Random(1), 1).get(0));
        assertThat(one.merge(BarAccumulator.EMPTY)).isEqualTo(one);
        assertThat(BarAccumulator.EMPTY.merge(one)).isEqualTo(one);
        assertThat(BarAccumulator.EMPTY.toBarValues().tradeCount()).isZero();
    }
}
