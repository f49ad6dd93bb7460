package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileWatchTest {
    private static final Duration EVERY_10S = Duration.ofSeconds(10);

    private static String rules(String name) {
        return "- {name: " + name + ", condition: \"close > 1\", signal: 1, score: 1}\n";
    }

    private static List<String> names(RulesFileWatch w) {
        return w.holder().current().rules().stream().map(Rule::name).toList();
    }

    @Test
    void brokenFileFailsStartUpWithItsPosition(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "- {name: a, condition: \"close >\", signal: 1, score: 1}\n");
        assertThatThrownBy(() -> RulesFileWatch.start(file, EVERY_10S))
                .isInstanceOfSatisfying(RulesLoadException.class, e -> {
                    assertThat(e.file()).isEqualTo(file.toString());
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(32);
                });
        assertThatThrownBy(() -> RulesFileWatch.start(dir.resolve("missing.yaml"), EVERY_10S))
                .isInstanceOf(RulesLoadException.class).hasMessageContaining("cannot read");
    }

    @Test
    void changeIsPickedUpAtMostOncePerIntervalAndBrokenFileKeepsTheLastGoodRules(@TempDir Path dir)
            throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, rules("first"));
        RulesFileWatch w = RulesFileWatch.start(file, EVERY_10S, now::get);
        assertThat(names(w)).containsExactly("first");
        assertThat(w.poll()).isEmpty();

        Files.writeString(file, rules("second_one"));
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(w.poll()).isEmpty(); // not due yet
        assertThat(names(w)).containsExactly("first");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        Optional<RulesFileWatch.Reload> reload = w.poll();
        assertThat(reload).hasValueSatisfying(r -> assertThat(r.succeeded()).isTrue());
        assertThat(names(w)).containsExactly("second_one");
        now.addAndGet(EVERY_10S.toNanos());
        assertThat(w.poll()).isEmpty(); // due, but unchanged

        RuleSet good = w.holder().current();
        Files.writeString(file, "# edited\n- {name: third, condition: \"close > \", signal: 1, score: 1}\n");
        now.addAndGet(EVERY_10S.toNanos());
        RulesFileWatch.Reload failed = w.poll().orElseThrow();
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error().file()).isEqualTo(file.toString());
        assertThat(failed.error().line()).isEqualTo(2);
        assertThat(failed.error().column()).isEqualTo(37); // the end of "close > "
        assertThat(failed.error().reason()).isNotBlank();
        assertThat(failed.rules()).isSameAs(good);
        assertThat(w.holder().current()).isSameAs(good);
        now.addAndGet(EVERY_10S.toNanos());
        assertThat(w.poll()).isEmpty(); // the same broken file is reported once, not on every check

        Files.writeString(file, rules("fixed"));
        now.addAndGet(EVERY_10S.toNanos());
        assertThat(w.poll()).hasValueSatisfying(r -> assertThat(r.succeeded()).isTrue());
        assertThat(names(w)).containsExactly("fixed");
    }

    @Test
    void zeroIntervalChecksOnEveryPoll(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, rules("a"));
        RulesFileWatch w = RulesFileWatch.start(file, Duration.ZERO);
        Files.writeString(file, rules("bb"));
        assertThat(w.poll()).isPresent();
        assertThat(names(w)).containsExactly("bb");
    }

    /**
     * How the kubelet updates a ConfigMap volume: {@code rules.yaml → ..data/rules.yaml}, {@code ..data → ..2024_v1};
     * an update writes {@code ..2024_v2} and renames a new {@code ..data} symlink over the old one in one step.
     */
    @Test
    void configMapSymlinkSwapIsPickedUp(@TempDir Path dir) throws Exception {
        AtomicLong now = new AtomicLong();
        Path v1 = Files.createDirectory(dir.resolve("..2024_v1"));
        Files.writeString(v1.resolve("rules.yaml"), rules("from_v1"));
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path mounted = dir.resolve("rules.yaml");
        Files.createSymbolicLink(mounted, Path.of("..data", "rules.yaml"));
        RulesFileWatch w = RulesFileWatch.start(mounted, EVERY_10S, now::get);
        assertThat(names(w)).containsExactly("from_v1");

        Path v2 = Files.createDirectory(dir.resolve("..2024_v2"));
        Files.writeString(v2.resolve("rules.yaml"), rules("from_v2")); // same size as v1: identity tells them apart
        Files.setLastModifiedTime(v2.resolve("rules.yaml"), Files.getLastModifiedTime(v1.resolve("rules.yaml")));
        Path tmp = dir.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, v2.getFileName());
        Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        now.addAndGet(EVERY_10S.toNanos());
        assertThat(w.poll()).hasValueSatisfying(r -> assertThat(r.succeeded()).isTrue());
        assertThat(names(w)).containsExactly("from_v2");
        assertThat(w.holder().current().source()).isEqualTo(mounted.toString());
    }

    @Test
    void deletedFileKeepsTheRulesAndIsReportedOnce(@TempDir Path dir) throws Exception {
        AtomicLong now = new AtomicLong();
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, rules("kept"));
        RulesFileWatch w = RulesFileWatch.start(file, EVERY_10S, now::get);
        Files.delete(file);
        now.addAndGet(EVERY_10S.toNanos());
        assertThat(w.poll()).hasValueSatisfying(r -> {
            assertThat(r.succeeded()).isFalse();
            assertThat(r.error().reason()).contains("cannot read");
        });
        now.addAndGet(EVERY_10S.toNanos());
        assertThat(w.poll()).isEmpty();
        assertThat(names(w)).containsExactly("kept");
        Files.writeString(file, rules("back"));
        now.addAndGet(EVERY_10S.toNanos());
        assertThat(w.poll()).hasValueSatisfying(r -> assertThat(r.succeeded()).isTrue());
        assertThat(names(w)).containsExactly("back");
    }

    @Test
    void concurrentPollsLoadAChangeOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, rules("a"));
        AtomicLong now = new AtomicLong();
        RulesFileWatch w = RulesFileWatch.start(file, EVERY_10S, now::get);
        Files.writeString(file, rules("changed"));
        now.addAndGet(EVERY_10S.toNanos());
        java.util.concurrent.atomic.AtomicInteger reloads = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> w.poll().ifPresent(r -> reloads.incrementAndGet())));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(reloads).hasValue(1);
        assertThat(names(w)).containsExactly("changed");
    }
}
