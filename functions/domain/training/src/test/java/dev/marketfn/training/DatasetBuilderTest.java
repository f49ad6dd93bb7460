package dev.marketfn.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetBuilderTest {
    @Test
    void labelsTheForwardReturnOverNBarsAndMergesSeriesInTimeOrder() {
        Dataset d = new DatasetBuilder(List.of("rsi_14"), 2)
                .add(new long[] {0, 10, 20, 30, 40}, new double[] {10, 11, 12, 9, 9},
                        new double[][] {{1}, null, {3}, {4}, {5}})
                .add(new long[] {5, 15, 25}, new double[] {5, 4, 6}, new double[][] {{7}, {8}, {9}})
                .build();
        // series 1: bar 0 (12 > 10 → 1), bar 1 has no features, bar 2 (9 > 12? → 0); bars 3, 4 have no label yet
        // series 2: bar 0 (6 > 5 → 1)
        assertThat(d.time()).containsExactly(0, 5, 20);
        assertThat(d.y()).containsExactly(1, 1, 0);
        assertThat(d.labelEnd()).containsExactly(20, 25, 40);
        assertThat(d.x()[1]).containsExactly(7);
    }
}
