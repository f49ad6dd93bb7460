package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesWithJitterUpToTheCapAndStartsOverAfterAReset() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new SplittableRandom(7));
        long[] steps = {100, 200, 400, 800, 1600, 2000, 2000};
        for (long step : steps) {
            long d = b.next().toMillis();
            assertThat(d).isBetween(step / 2, step);
        }
        b.reset();
        assertThat(b.next().toMillis()).isBetween(50L, 100L);
    }

    @Test
    void jitterSpreadsTheDelays() {
        Backoff b = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(1000), new SplittableRandom(1));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(b.next().toMillis());
        }
        assertThat(seen).hasSizeGreaterThan(30);
    }

    @Test
    void manyAttemptsDoNotOverflow() {
        Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofMinutes(1), new SplittableRandom(3));
        for (int i = 0; i < 200; i++) {
            assertThat(b.next()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
        }
    }

    @Test
    void refusesAnEmptyRange() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
