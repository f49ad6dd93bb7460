package dev.marketfn.alphacall;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.rules.ModelTimeoutException;
import dev.marketfn.rules.Scorer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a model on its own worker threads, not on the caller's (the Vert.x event loop that holds the series'
 * transaction), and waits for it at most {@code timeout}. A model that hangs (a native call that never returns) then
 * costs the caller the timeout, never more: the call is rules-only ({@link ModelTimeoutException}, counted as
 * {@code slow} by the circuit breaker) and the worker is interrupted. Calls from concurrent partitions wait in a short
 * queue (their wait counts against their own timeout); when it is full, because the workers are stuck, a call fails
 * at once instead of piling up work.
 */
final class TimeBoxedScorer implements Scorer, AutoCloseable {
    private final Scorer delegate;
    private final long timeoutNanos;
    private final ThreadPoolExecutor workers;

    /** Calls that may wait for a worker; beyond them a call is refused at once. */
    static final int QUEUE = 16;

    TimeBoxedScorer(Scorer delegate, Duration timeout, int threads) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("model timeout must be > 0, was " + timeout);
        }
        this.delegate = delegate;
        this.timeoutNanos = timeout.toNanos();
        // Bounded queue, then AbortPolicy (refused), see the class comment.
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "model-" + delegate.model().name());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public AlphaCall.Model model() {
        return delegate.model();
    }

    @Override
    public List<String> features() {
        return delegate.features();
    }

    @Override
    public OptionalDouble probability(IndicatorComputed record) {
        Future<OptionalDouble> answer;
        try {
            answer = workers.submit(() -> delegate.probability(record));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new ModelTimeoutException("model " + delegate.model().name() + " is still busy with earlier calls");
        }
        try {
            return answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new ModelTimeoutException("model " + delegate.model().name() + " gave no answer within "
                    + Duration.ofNanos(timeoutNanos));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelTimeoutException("interrupted while waiting for model " + delegate.model().name());
        }
    }

    @Override
    public void close() throws Exception {
        workers.shutdownNow();
        if (delegate instanceof AutoCloseable c) {
            c.close();
        }
    }
}
