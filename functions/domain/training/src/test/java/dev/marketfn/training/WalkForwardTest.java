package dev.marketfn.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WalkForwardTest {
    @Test
    void purgesExactlyTheRowsWhoseLabelReachesTheTestFold() {
        // one series of 100 one-minute bars, labels over 5 bars: row t's label reads bar t+5
        int n = 100;
        int horizon = 5;
        long[] time = new long[n];
        long[] end = new long[n];
        for (int i = 0; i < n; i++) {
            time[i] = i * 60_000L;
            end[i] = (i + horizon) * 60_000L;
        }
        List<WalkForward.Fold> folds = WalkForward.folds(time, end, 4);
        assertThat(folds).extracting(WalkForward.Fold::testFrom).containsExactly(20, 40, 60, 80);
        assertThat(folds).extracting(WalkForward.Fold::testTo).containsExactly(40, 60, 80, 100);
        for (WalkForward.Fold f : folds) {
            assertThat(f.purged()).isEqualTo(horizon);
            assertThat(f.train()).containsExactly(IntStream.range(0, f.testFrom() - horizon).toArray());
        }
    }

    @Test
    void rowsAtTheTestFoldsFirstTimeAreNotTrainedOn() {
        // two symbols per minute; the cut at row 3 falls between the two rows of minute 1
        long[] time = {0, 0, 1, 1, 2, 2, 3, 3};
        long[] end = {1, 1, 2, 2, 3, 3, 4, 4};
        List<WalkForward.Fold> folds = WalkForward.folds(time, end, 1);
        assertThat(folds).hasSize(1);
        WalkForward.Fold f = folds.get(0);
        assertThat(f.testFrom()).isEqualTo(4);
        assertThat(f.train()).containsExactly(0, 1);
        assertThat(f.purged()).isEqualTo(2);
    }
}
