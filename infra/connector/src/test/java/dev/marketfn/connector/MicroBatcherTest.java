package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<List<String>> out = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private MicroBatcher batcher(int frames, int bytes, Duration linger) {
        return new MicroBatcher(new MicroBatcher.Limits(frames, bytes, linger),
                b -> out.add(b.stream().map(x -> new String(x, StandardCharsets.UTF_8)).toList()), timer);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFullCountIsEmittedAtOnce() {
        MicroBatcher m = batcher(3, 1 << 20, Duration.ofHours(1));
        for (int i = 0; i < 7; i++) {
            m.add(b("m" + i));
        }
        assertThat(out).containsExactly(List.of("m0", "m1", "m2"), List.of("m3", "m4", "m5"));
        m.flush();
        assertThat(out).last().isEqualTo(List.of("m6"));
    }

    @Test
    void aFrameThatWouldPassTheByteLimitStartsTheNextBatch() {
        MicroBatcher m = batcher(100, 10, Duration.ofHours(1));
        m.add(b("aaaa")); // 5 with its separator
        m.add(b("bbbb")); // 10: full
        m.add(b("cc"));
        m.add(b("dddddddd")); // would make 12: cc leaves first
        assertThat(out).containsExactly(List.of("aaaa", "bbbb"), List.of("cc"));
    }

    @Test
    void aBatchLeavesAfterTheLingerWithoutFurtherFrames() throws InterruptedException {
        MicroBatcher m = batcher(100, 1 << 20, Duration.ofMillis(20));
        m.add(b("x"));
        m.add(b("y"));
        for (int i = 0; i < 200 && out.isEmpty(); i++) {
            Thread.sleep(5);
        }
        assertThat(out).containsExactly(List.of("x", "y"));
        m.add(b("z")); // a new batch has its own linger
        for (int i = 0; i < 200 && out.size() < 2; i++) {
            Thread.sleep(5);
        }
        assertThat(out).containsExactly(List.of("x", "y"), List.of("z"));
    }

    @Test
    void aStaleLingerTimerDoesNotCutTheNextBatchShort() throws InterruptedException {
        MicroBatcher m = batcher(2, 1 << 20, Duration.ofMillis(50));
        m.add(b("a"));
        m.add(b("b")); // full: emitted, its timer cancelled
        m.add(b("c"));
        Thread.sleep(20);
        assertThat(out).containsExactly(List.of("a", "b"));
        m.flush();
        m.flush();
        assertThat(out).containsExactly(List.of("a", "b"), List.of("c"));
    }
}
