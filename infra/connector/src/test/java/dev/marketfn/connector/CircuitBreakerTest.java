package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.connector.CircuitBreaker.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong();
    private final List<String> moves = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get,
            (from, to, failures, reason) -> moves.add(from + ">" + to + ":" + failures));

    @Test
    void opensAfterTheThresholdOfFailuresInARow() {
        breaker.failure("a");
        breaker.failure("b");
        breaker.success(); // resets the count
        breaker.failure("c");
        breaker.failure("d");
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        breaker.failure("e");
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.allowAttempt()).isFalse();
        assertThat(moves).containsExactly("CLOSED>OPEN:3");
    }

    @Test
    void halfOpensAfterTheOpenTimeAndClosesOnASuccessfulTrial() {
        open();
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(breaker.allowAttempt()).isFalse();
        assertThat(breaker.untilAttempt()).isEqualTo(Duration.ofSeconds(1));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(breaker.allowAttempt()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        breaker.success();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(moves).containsExactly("CLOSED>OPEN:3", "OPEN>HALF_OPEN:3", "HALF_OPEN>CLOSED:0");
    }

    @Test
    void aFailedTrialOpensItAgainForAnotherPeriod() {
        open();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.allowAttempt()).isTrue();
        breaker.failure("still down");
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.untilAttempt()).isEqualTo(Duration.ofSeconds(10));
        assertThat(moves).containsExactly("CLOSED>OPEN:3", "OPEN>HALF_OPEN:3", "HALF_OPEN>OPEN:4");
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.failure("down");
        }
    }
}
