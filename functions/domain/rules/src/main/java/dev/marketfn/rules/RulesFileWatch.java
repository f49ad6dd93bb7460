package dev.marketfn.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Keeps a {@link RulesHolder} in step with a rules file, e.g. a Kubernetes ConfigMap mount. The caller {@link #poll()}s
 * on each invocation; at most once per {@code interval} that stats the file and, when it changed, loads it and swaps
 * the rule set atomically. A file that fails to load leaves the last good rules in force and is reported once (until
 * the file changes again).
 *
 * <p>"Changed" compares the file's identity (device and inode where the platform has them), modification time and
 * size, following symbolic links. That catches an in-place edit, an editor's write-and-rename, and the kubelet's update
 * of a ConfigMap volume (it writes a new timestamped directory and swaps the {@code ..data} symlink, so the mounted
 * path resolves to a new file). A ConfigMap mounted with {@code subPath} is never updated by the kubelet: mount the
 * directory instead. Polling rather than a WatchService: no thread, no inotify limits, works on every volume type,
 * and a function scaled to zero loads the current file at start anyway.
 */
public final class RulesFileWatch {
    private final Path file;
    private final RulesHolder holder;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Object lock = new Object();

    private volatile long nextCheck;
    private Fingerprint seen; // guarded by lock

    private RulesFileWatch(Path file, RulesHolder holder, Fingerprint seen, Duration interval, LongSupplier clock) {
        this.file = file;
        this.holder = holder;
        this.seen = seen;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.nextCheck = clock.getAsLong() + intervalNanos;
    }

    /** Loads {@code file} (a broken file throws {@link RulesLoadException}: start-up must fail) and watches it. */
    public static RulesFileWatch start(Path file, Duration interval) {
        return start(file, interval, System::nanoTime);
    }

    /** With an explicit monotonic nanosecond clock (tests). */
    public static RulesFileWatch start(Path file, Duration interval, LongSupplier nanoClock) {
        Objects.requireNonNull(file, "file");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("reload interval must be >= 0, was " + interval);
        }
        // Stat before reading: a change between the two makes the next poll load again, never miss it.
        Fingerprint before = Fingerprint.of(file);
        RuleSet initial = RulesLoader.load(file);
        return new RulesFileWatch(file, new RulesHolder(initial), before, interval, nanoClock);
    }

    public Path file() {
        return file;
    }

    public RulesHolder holder() {
        return holder;
    }

    /**
     * Reloads the file if the interval has passed and it changed. Empty when nothing was attempted (not due, or
     * unchanged); otherwise what happened. Cheap enough to call on every invocation: between checks it is one
     * volatile read. Thread-safe: concurrent callers never load the same change twice.
     */
    public Optional<Reload> poll() {
        long now = clock.getAsLong();
        if (now - nextCheck < 0) {
            return Optional.empty();
        }
        synchronized (lock) {
            if (now - nextCheck < 0) {
                return Optional.empty();
            }
            nextCheck = now + intervalNanos;
            Fingerprint current = Fingerprint.of(file);
            if (current.equals(seen)) {
                return Optional.empty();
            }
            seen = current;
            if (current.missing()) {
                return Optional.of(new Reload(holder.current(), new RulesLoadException(file.toString(), 1, 1,
                        "cannot read: " + current.error())));
            }
            Optional<RulesLoadException> error = holder.reload(file);
            return Optional.of(new Reload(holder.current(), error.orElse(null)));
        }
    }

    /**
     * One reload attempt: {@code error} null means {@code rules} is the newly loaded set; otherwise the file was
     * rejected (file, line, column and reason in the error) and {@code rules} is the last good set, still in force.
     */
    public record Reload(RuleSet rules, RulesLoadException error) {
        public boolean succeeded() {
            return error == null;
        }
    }

    /** What "the file changed" compares; {@code error} is set when the file cannot be read (deleted, permissions). */
    private record Fingerprint(Object fileKey, FileTime modified, long size, String error) {
        static Fingerprint of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Fingerprint(a.fileKey(), a.lastModifiedTime(), a.size(), null);
            } catch (IOException | SecurityException e) {
                return new Fingerprint(null, null, -1, e.toString());
            }
        }

        boolean missing() {
            return error != null;
        }
    }
}
