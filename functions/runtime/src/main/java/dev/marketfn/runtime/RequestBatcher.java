package dev.marketfn.runtime;

import dev.marketfn.codec.InEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Concurrent HTTP requests handled as batches, the way a database groups commits: a request that finds a free slot is
 * handled at once, alone; requests that arrive while every slot is busy wait and go together, as one
 * {@link Dispatcher#dispatchAll} (one transaction per handler run) when a slot frees. So an idle function adds no delay
 * and a busy one pays one round of statements for many requests. Each request still gets its own outcome: a
 * rejection is that request's, and after a transient failure of the batch each of its requests is handled again
 * alone, so only a request that fails by itself is answered 5xx (every handler is idempotent per event).
 */
final class RequestBatcher {
    private final Dispatcher dispatcher;
    private final int slots;
    private final int maxBatch;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private int busy;

    private record Pending(InEvent event, UniEmitter<? super Reply> answer) {
    }

    RequestBatcher(Dispatcher dispatcher, int slots, int maxBatch) {
        this.dispatcher = dispatcher;
        this.slots = slots;
        this.maxBatch = maxBatch;
    }

    Uni<Reply> submit(InEvent event) {
        return Uni.createFrom().emitter(answer -> {
            List<Pending> batch = null;
            synchronized (this) {
                waiting.add(new Pending(event, answer));
                if (busy < slots) {
                    busy++;
                    batch = take();
                }
            }
            if (batch != null) {
                run(batch);
            }
        });
    }

    /** The next batch, oldest first; called holding the lock. */
    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), maxBatch));
        while (!waiting.isEmpty() && batch.size() < maxBatch) {
            batch.add(waiting.poll());
        }
        return batch;
    }

    private void run(List<Pending> batch) {
        Uni<List<Reply>> handled;
        if (batch.size() == 1) {
            handled = dispatcher.dispatch(batch.get(0).event(), "http", dispatcher.brokerTopic()).map(List::of);
        } else {
            handled = dispatcher.dispatchAll(batch.stream().map(Pending::event).toList(), "http",
                    dispatcher.brokerTopic());
        }
        handled.subscribe().with(replies -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(replies.get(i));
            }
            next();
        }, failure -> {
            if (batch.size() == 1) {
                batch.get(0).answer().fail(failure);
                next();
                return;
            }
            // one at a time, each with its own outcome; the slot is held until all of them are answered
            List<Uni<Void>> alone = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                alone.add(dispatcher.dispatch(p.event(), "http", dispatcher.brokerTopic())
                        .onItemOrFailure().invoke((reply, e) -> {
                            if (e == null) {
                                p.answer().complete(reply);
                            } else {
                                p.answer().fail(e);
                            }
                        })
                        .onItemOrFailure().transform((reply, e) -> (Void) null));
            }
            Uni.join().all(alone).andCollectFailures().subscribe().with(done -> next(), e -> next());
        });
    }

    /** The slot is free: the requests that waited for it go next, together. */
    private void next() {
        List<Pending> batch = null;
        synchronized (this) {
            if (waiting.isEmpty()) {
                busy--;
            } else {
                batch = take();
            }
        }
        if (batch != null) {
            run(batch);
        }
    }
}
