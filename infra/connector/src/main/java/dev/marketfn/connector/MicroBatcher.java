package dev.marketfn.connector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gathers a connection's data frames into batches so the pipeline receives one raw event per batch instead of one per
 * frame. A batch is emitted when it holds {@code maxFrames} frames, when one more frame would take it past
 * {@code maxBytes}, or {@code linger} after its first frame, whichever comes first; {@link #flush} emits what is
 * pending (on disconnect, so nothing received is held back across a reconnect). Batches leave in arrival order: the
 * output runs under this object's lock.
 */
public final class MicroBatcher {
    public record Limits(int maxFrames, int maxBytes, Duration linger) {
        public Limits {
            if (maxFrames < 1 || maxBytes < 1 || linger.isNegative()) {
                throw new IllegalArgumentException("batch limits must be positive: " + maxFrames + ", " + maxBytes + ", " + linger);
            }
        }
    }

    private final Limits limits;
    private final Consumer<List<byte[]>> out;
    private final ScheduledExecutorService timer;
    private List<byte[]> pending = new ArrayList<>();
    private int pendingBytes;
    private ScheduledFuture<?> lingerTask;

    public MicroBatcher(Limits limits, Consumer<List<byte[]>> out, ScheduledExecutorService timer) {
        this.limits = limits;
        this.out = out;
        this.timer = timer;
    }

    /** One frame's messages, as the bytes that go between the batch array's brackets. */
    public synchronized void add(byte[] messages) {
        if (!pending.isEmpty() && pendingBytes + messages.length + 1 > limits.maxBytes()) {
            flush();
        }
        pending.add(messages);
        pendingBytes += messages.length + 1;
        if (pending.size() >= limits.maxFrames() || pendingBytes >= limits.maxBytes()) {
            flush();
        } else if (pending.size() == 1) {
            List<byte[]> batch = pending;
            lingerTask = timer.schedule(() -> flushIf(batch), limits.linger().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Emits the pending batch, if any. */
    public synchronized void flush() {
        if (lingerTask != null) {
            lingerTask.cancel(false);
            lingerTask = null;
        }
        if (pending.isEmpty()) {
            return;
        }
        List<byte[]> batch = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        out.accept(batch);
    }

    /** The linger timer's flush: only if the batch it was set for is still the pending one. */
    private synchronized void flushIf(List<byte[]> batch) {
        if (pending == batch) {
            flush();
        }
    }
}
