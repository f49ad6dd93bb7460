package dev.marketfn.alphacall;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.rules.Scorer;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tests: the configured model (loaded by the real {@link ScorerSource} from {@code marketfn.model.file}), wrapped so a
 * test can make it throw, answer NaN or answer late. Transparent while {@link #mode} is {@link Mode#NONE}.
 */
@Alternative
@Priority(1)
@Singleton
public class FaultyScorerSource extends ScorerSource {
    public enum Mode { NONE, THROW, NAN, SLOW }

    static volatile Mode mode = Mode.NONE;
    static volatile long slowMillis = 600;
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public Optional<Scorer> load() {
        return super.load().map(Faulty::new);
    }

    private record Faulty(Scorer real) implements Scorer {
        @Override
        public AlphaCall.Model model() {
            return real.model();
        }

        @Override
        public List<String> features() {
            return real.features();
        }

        @Override
        public OptionalDouble probability(IndicatorComputed record) {
            CALLS.incrementAndGet();
            return switch (mode) {
                case NONE -> real.probability(record);
                case THROW -> throw new IllegalStateException("injected model failure");
                case NAN -> OptionalDouble.of(Double.NaN);
                case SLOW -> {
                    try {
                        Thread.sleep(slowMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield real.probability(record);
                }
            };
        }
    }
}
