package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.rules.ModelTimeoutException;
import dev.marketfn.rules.Scorer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The model runs on its own thread and a hung one costs the caller the timeout, not more. */
class TimeBoxedScorerTest {
    static final IndicatorComputed RECORD = OnnxScorerTest.record(List.of("rsi_14"), new float[] {40});

    /** A model whose evaluation blocks until released (a native call that does not return). */
    static class Hanging implements Scorer {
        final CountDownLatch release = new CountDownLatch(1);
        volatile String thread;

        @Override
        public AlphaCall.Model model() {
            return new AlphaCall.Model("hanging", "1");
        }

        @Override
        public List<String> features() {
            return List.of("rsi_14");
        }

        @Override
        public OptionalDouble probability(IndicatorComputed record) {
            thread = Thread.currentThread().getName();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return OptionalDouble.of(0.6);
        }
    }

    @Test
    void answersFromAWorkerThread() throws Exception {
        Hanging model = new Hanging();
        model.release.countDown();
        try (TimeBoxedScorer boxed = new TimeBoxedScorer(model, Duration.ofSeconds(5), 1)) {
            assertThat(boxed.probability(RECORD)).hasValue(0.6);
            assertThat(model.thread).isEqualTo("model-hanging").isNotEqualTo(Thread.currentThread().getName());
        }
    }

    @Test
    void aHungModelTimesOutAndAFullQueueIsRefusedAtOnce() throws Exception {
        Hanging model = new Hanging();
        try (TimeBoxedScorer boxed = new TimeBoxedScorer(model, Duration.ofMillis(50), 1)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> boxed.probability(RECORD)).isInstanceOf(ModelTimeoutException.class)
                    .hasMessageContaining("no answer within");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            model.release.countDown();
            // the interrupted worker is free again
            assertThat(boxed.probability(RECORD)).hasValue(0.6);
        }
    }

    @Test
    void modelErrorsReachTheCallerAsThemselves() throws Exception {
        Scorer failing = new Hanging() {
            @Override
            public OptionalDouble probability(IndicatorComputed record) {
                throw new IllegalStateException("boom");
            }
        };
        try (TimeBoxedScorer boxed = new TimeBoxedScorer(failing, Duration.ofSeconds(5), 1)) {
            assertThatThrownBy(() -> boxed.probability(RECORD)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("boom");
        }
    }
}
